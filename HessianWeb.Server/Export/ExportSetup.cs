namespace HessianWeb.Server.Export;

public static class ExportSetup
{
    public static WebApplicationBuilder AddExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunExport>();
        return builder;
    }
}
