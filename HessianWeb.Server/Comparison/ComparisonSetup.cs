namespace HessianWeb.Server.Comparison;

public static class ComparisonSetup
{
    public static WebApplicationBuilder AddComparison(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ComparisonLoader>();
        return builder;
    }
}
