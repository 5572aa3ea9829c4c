using System.Net.Http.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Hosting;

/// <summary><c>/api/runs</c> as a script uses it, over a client that presents a token (a server's bootstrap token in the tests).</summary>
public static class RunsClient
{
    public static async Task<Guid> PostRunAsync(this HttpClient http, ExperimentSpec spec)
    {
        var response = await http.PostAsync("/api/runs", JsonContent.Create(spec, options: JsonFormat.Options));
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedRun>(JsonFormat.Options);
        return created!.Id;
    }

    public static async Task<RunSummary> GetRunAsync(this HttpClient http, Guid id) =>
        (await http.GetFromJsonAsync<RunSummary>($"/api/runs/{id}", JsonFormat.Options))!;

    public static async Task<IReadOnlyList<RunEvent>> GetEventsAsync(this HttpClient http, Guid id) =>
        (await http.GetFromJsonAsync<List<RunEvent>>($"/api/runs/{id}/events", JsonFormat.Options))!;

    sealed record CreatedRun(Guid Id);
}
