using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HessianWeb.Tests.Server.Access;

/// <summary>
/// A worker's WebSocket address carries its token (<c>?access_token=</c>) and a share link its own (<c>?share=</c>):
/// at the shipped log levels (appsettings.json) ASP.NET's "Request starting …" lines, which write the whole
/// address, stay off.
/// </summary>
public sealed class RequestLogTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public void Request_addresses_are_not_logged()
    {
        var hosting = server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        Assert.False(hosting.IsEnabled(LogLevel.Information));
    }
}
