namespace FrontlineMaps.Core.Domain;

/// <summary>A published report that evidence is taken from. Immutable.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Title">Its title.</param>
/// <param name="Url">Where it can be read, if there is a known address. Never invented.</param>
/// <param name="Published">Publication date.</param>
/// <param name="PublishedIsInferred">True when the publication date was inferred, not printed.</param>
public sealed record Source(string Id, string Publisher, string Title, string? Url, DateOnly? Published, bool PublishedIsInferred = false);

/// <summary>One source backing a change, and who in it makes the statement when it is attributed.</summary>
/// <param name="SourceId">Id of the <see cref="Source"/>.</param>
/// <param name="Claimant">Who makes the claim ("local activists", "National Front for Liberation"), when the report attributes it.</param>
public sealed record Citation(string SourceId, string? Claimant = null);
