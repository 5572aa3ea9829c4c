using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// One Chromium tab driven through the DevTools protocol over its WebSocket: just the two calls the page-load command
/// needs (navigate, evaluate), one at a time. The protocol's events are read and ignored.
/// </summary>
public sealed class DevToolsTab : IAsyncDisposable
{
    readonly ClientWebSocket socket = new();
    int lastId;

    public static async Task<DevToolsTab> ConnectAsync(Uri webSocket, CancellationToken ct)
    {
        var tab = new DevToolsTab();
        await tab.socket.ConnectAsync(webSocket, ct);
        return tab;
    }

    public Task NavigateAsync(Uri url, CancellationToken ct) => CallAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, ct);

    /// <summary>The value of <paramref name="expression"/> in the tab's page (awaited when it is a promise), as JSON.</summary>
    /// <exception cref="InvalidOperationException">The expression threw; the message is the page's.</exception>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken ct)
    {
        var result = await CallAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true }, ct);
        if (result?["exceptionDetails"] is { } failure)
            throw new InvalidOperationException(failure["exception"]?["description"]?.GetValue<string>() ?? failure.ToJsonString());
        return result?["result"]?["value"];
    }

    async Task<JsonNode?> CallAsync(string method, JsonObject parameters, CancellationToken ct)
    {
        var id = ++lastId;
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, ct);
        while (true)
        {
            var message = await ReceiveAsync(ct);
            if (message?["id"]?.GetValue<int>() != id) continue; // an event, or the answer to an abandoned call
            if (message["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return message["result"];
        }
    }

    async Task<JsonNode?> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var part = await socket.ReceiveAsync(buffer, ct);
            if (part.MessageType == WebSocketMessageType.Close) throw new WebSocketException("Chromium closed the tab's DevTools connection.");
            message.Write(buffer, 0, part.Count);
            if (part.EndOfMessage) return JsonNode.Parse(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
        catch (WebSocketException) { }
        socket.Dispose();
    }
}
