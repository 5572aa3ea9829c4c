using System.Diagnostics;
using System.Text.RegularExpressions;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Seeding;

/// <summary>
/// <c>dotnet run --project HessianWeb.Server -- seed --runs 10000 [--data-directory DIR]</c>: fills a store with
/// plausible finished runs, then starts the dashboard on it and prints how long the home page takes to render,
/// plain and filtered, fetched over HTTP as a browser's first request gets it (the prerendered page runs the same
/// query as the interactive one).
/// </summary>
public static partial class SeedCommand
{
    const int Batch = 500;

    public static async Task SeedAsync(SeedOptions options, TextWriter output)
    {
        Directory.CreateDirectory(options.DataDirectory);
        // Store:Provider and ConnectionStrings:Store from the environment (Store__Provider, ...), which the dashboard
        // started on the seeded store reads too.
        var store = StoreProvider.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build(), options.DataDirectory);
        await using (var db = store.CreateContext()) await Runs.Migrations.RunStoreSchema.MigrateAsync(db);

        var clock = Stopwatch.StartNew();
        var runs = new SeededRuns(options.Seed);
        var now = DateTime.UtcNow;
        long events = 0;
        for (var start = 0; start < options.Runs; start += Batch)
        {
            // A fresh context per batch: the change tracker would otherwise hold every row written.
            await using var db = store.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(options.Runs, start + Batch); i++)
            {
                var (run, runEvents) = runs.Next(i, now);
                db.Runs.Add(run);
                db.RunEvents.AddRange(runEvents.Select(RunStore.ToRecord));
                events += runEvents.Count;
            }
            await db.SaveChangesAsync();
        }
        output.WriteLine($"Seeded {options.Runs:N0} runs ({events:N0} events) into {options.DataDirectory} in {clock.Elapsed.TotalSeconds:0.0} s.");
    }

    /// <summary>Starts <paramref name="app"/> (the dashboard on the seeded store), times the home page, and stops it.</summary>
    public static async Task MeasureAsync(WebApplication app, SeedOptions options, TextWriter output)
    {
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), DefaultRequestHeaders = { Authorization = new("Bearer", ToolCommands.CommandToken) } };
            output.WriteLine("Home page over HTTP (the server renders the list before it answers):");
            // The server's first answer of any kind, apart: it carries the start-up work every first request pays.
            var clock = Stopwatch.StartNew();
            (await http.GetAsync("/api/workers")).EnsureSuccessStatusCode();
            output.WriteLine($"  {clock.Elapsed.TotalMilliseconds,7:0} ms  the fresh server's first answer of any kind (GET /api/workers)");
            await TimeAsync(http, output, "first render of the home page", "/");
            await TimeAsync(http, output, "render again", "/");
            await TimeAsync(http, output, "filter: completed, tagged paper, name contains 'relu', by final train loss", "/?status=completed&tag=paper&q=relu&sort=trainLoss");
            await TimeAsync(http, output, "filter: failed or diverged in June–November, page 3, by top eigenvalue", "/?status=failed,diverged&from=2026-06-01&to=2026-11-30&sort=-topEigenvalue&page=3");
            await TimeAsync(http, output, "archived runs, 100 a page, by trace", "/?archived=true&pageSize=100&sort=-trace");
            output.WriteLine("The same queries in the store alone (count + page + tags, as the page runs them):");
            var listing = app.Services.GetRequiredService<Runs.Listing.RunListing>();
            foreach (var path in Paths) await TimeQueryAsync(listing, output, path);
            output.WriteLine($"Open it: dotnet run --project HessianWeb.Server -- --DataDirectory {options.DataDirectory}");
        }
        finally { await app.StopAsync(); }
    }

    static readonly string[] Paths =
        ["/", "/?status=completed&tag=paper&q=relu&sort=trainLoss", "/?status=failed,diverged&from=2026-06-01&to=2026-11-30&sort=-topEigenvalue&page=3", "/?archived=true&pageSize=100&sort=-trace"];

    static async Task TimeQueryAsync(Runs.Listing.RunListing listing, TextWriter output, string path)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(path.Contains('?') ? path[path.IndexOf('?')..] : "");
        var (query, _) = Runs.Listing.RunQuery.Parse(name => parameters.TryGetValue(name, out var v) ? v.ToString() : null);
        var clock = Stopwatch.StartNew();
        var page = await listing.QueryAsync(query);
        await listing.GetTagsAsync();
        output.WriteLine($"  {clock.Elapsed.TotalMilliseconds,7:0} ms       {page.Runs.Count,3} rows of {page.Total,-6:N0}  ({path})");
    }

    static async Task TimeAsync(HttpClient http, TextWriter output, string label, string path)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var ms = clock.Elapsed.TotalMilliseconds;
        var rows = RunRow().Count(html);
        var total = Range().Match(html) is { Success: true } m ? m.Groups[1].Value.Trim() : "?";
        output.WriteLine($"  {ms,7:0} ms  {(int)response.StatusCode}  {rows,3} rows of {total,-6}  {label}  ({path})");
    }

    [GeneratedRegex("<tr [^>]*data-run-id=")]
    private static partial Regex RunRow();

    [GeneratedRegex("data-testid=\"runs-range\"[^>]*>[^<]*of ([0-9,]+)")]
    private static partial Regex Range();
}
