using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;

namespace FrontlineMaps.Server.Http;

/// <summary>
/// The endpoint filter that refuses query parameters an endpoint does not declare (OGC API asks for a 400 on an unknown
/// parameter) and repeated single-valued ones. The allowed set is the handler's own: derived once, when the endpoint is built,
/// from its <c>[FromQuery]</c> parameters and the <c>[FromQuery]</c> members of its <c>[AsParameters]</c> records (such as
/// <see cref="DatedQuery"/>), so the signature is the one source of truth. Parameters bound otherwise (route, services,
/// <c>HttpContext</c>) are not query parameters.
/// <list type="bullet">
/// <item>An undeclared name: 400 naming it, <c>unknown query parameter 'x'; allowed: a, b</c> (the test of the OpenAPI
/// document reads the list).</item>
/// <item>A declared <c>string</c> given twice: 400 naming it, <c>'x' is given 2 times</c>. Declare it as
/// <c>string[]</c> or <see cref="StringValues"/> to accept repeats.</item>
/// </list>
/// Use: <c>app.MapGroup("/tiles").RejectUndeclaredQuery()</c> (every endpoint of the group) or on one endpoint. A handler that
/// reads <c>HttpContext.Request.Query</c> by hand names those parameters in <c>RejectUndeclaredQuery("f")</c> on its endpoint.
/// </summary>
public static class DeclaredQuery
{
    /// <summary>Adds the filter to every endpoint built from <paramref name="builder"/>.</summary>
    /// <param name="builder">An endpoint or a group.</param>
    /// <param name="alsoAccepted">Names accepted beside the handler's parameters (a handler that reads some by hand; prefer parameters).</param>
    public static TBuilder RejectUndeclaredQuery<TBuilder>(this TBuilder builder, params string[] alsoAccepted) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var (allowed, single) = Of(context.MethodInfo, alsoAccepted);
            return invocation =>
            {
                Check(invocation.HttpContext.Request.Query, allowed, single);
                return next(invocation);
            };
        });

    /// <summary>
    /// The query names a handler declares, in declaration order, and those of them that take one value.
    /// </summary>
    internal static (string[] Allowed, HashSet<string> Single) Of(MethodInfo handler, IEnumerable<string>? extra = null)
    {
        var allowed = new List<string>();
        var single = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, Type type)
        {
            if (allowed.Contains(name)) return;
            allowed.Add(name);
            if (!type.IsArray && type != typeof(StringValues)) single.Add(name);
        }
        foreach (var p in handler.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var (member, type, attributes) in Members(p.ParameterType))
                    if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault() is { } q) Add(q.Name ?? member, type);
            }
            else if (p.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault() is { } q)
                Add(q.Name ?? p.Name!, p.ParameterType);
        }
        foreach (var name in extra ?? []) Add(name, typeof(string));
        return ([.. allowed], single);
    }

    /// <summary>The members an <c>[AsParameters]</c> type binds: its widest constructor's parameters (a record), else its settable properties.</summary>
    private static IEnumerable<(string Name, Type Type, IEnumerable<Attribute> Attributes)> Members(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is { } c && c.GetParameters().Length > 0)
            return c.GetParameters().Select(p => (p.Name!, p.ParameterType,
                p.GetCustomAttributes().Concat(type.GetProperty(p.Name!)?.GetCustomAttributes() ?? [])));
        return type.GetProperties().Where(p => p.CanWrite).Select(p => (p.Name, p.PropertyType, p.GetCustomAttributes()));
    }

    /// <summary>400 for an undeclared or a repeated single-valued parameter (the first such, in the request's order).</summary>
    internal static void Check(IQueryCollection query, string[] allowed, HashSet<string> single)
    {
        QueryParsing.RejectUnknown(query, allowed);
        foreach (var (key, values) in query)
            if (values.Count > 1 && single.Contains(key))
                throw ProblemException.BadRequest(key, $"'{key}' is given {values.Count} times");
    }
}
