using FrontlineMaps.Server.Hosting;

ServerApp.Build(args).Run();

/// <summary>Entry point (visible to WebApplicationFactory).</summary>
public partial class Program;
