using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HessianWeb.Server.Comparison;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Server.Sweeps;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Fuzz;

/// <summary>
/// One fuzzed endpoint: how many inputs it gets, how one is made (with what it should get), the names a 400's
/// <c>errors</c> may use (the body's fields or the query's parameters; a key may also be a property the body holds), and
/// what to do with an accepted input so that nothing piles up.
/// </summary>
public sealed record FuzzEndpoint(
    string Name,
    int Inputs,
    Func<FuzzContext, FuzzCase> Generate,
    IReadOnlySet<string> Fields,
    Func<FuzzContext, HttpResponseMessage, Task>? OnAccepted = null);

/// <summary>The endpoints of the REST API (README, "The REST API") and their input generators: add a row for a new endpoint.</summary>
public static class FuzzEndpoints
{
    /// <summary>The whole body's key in a ProblemDetails (JsonBody.ReadAsync's contract for JSON that breaks at its root).</summary>
    const string WholeBody = "spec";

    public static IReadOnlyList<FuzzEndpoint> All { get; } =
    [
        new("runs", 1_200, Runs, Set(WholeBody, "name", "data", "model", "training", "analysis"), DeleteRunAsync),
        new("sweeps", 400, Sweeps, Set(WholeBody, "sweep", "name", "preset", "base", "axes", "grid"), CancelSweepAsync),
        new("analyses", 600, Analyses, Set(WholeBody, "checkpoint", "analysis")),
        new("interpolations", 600, Interpolations, Set(WholeBody, "from", "to", "points", "alphaMin", "alphaMax", "topEigenvalue")),
        new("patch", 600, Patch, Set(WholeBody, "tags", "note", "archived"), ReadTagsBackAsync),
        new("listing", 1_000, Listing, Set("page", "pageSize", "sort", "q", "status", "tag", "sweep", "from", "to", "archived")),
        new("compare", 600, Compare, Set("runs", "smoothing", "logLoss", "logEigenvalues", "logDensity", "checkpoint", "operator", "config")),
        new("ids", 1_000, Ids, Set("after")),
    ];

    static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);

    static readonly Lazy<(JsonNode[] Specs, JsonNode[] Sweeps)> Examples = new(() =>
    {
        var files = Directory.GetFiles(Path.Combine(RepoRoot.Path, "examples"), "*.json").Order().Select(f => FuzzContext.Parse(File.ReadAllText(f))).ToList();
        return (files.Where(f => f["axes"] is null).Append(FuzzContext.Parse("{}")).ToArray(),
            files.Where(f => f["axes"] is not null).Concat(
            [
                FuzzContext.Parse("""{ "name": "tiny", "axes": [ { "path": "data.classes", "values": [2, 3] } ] }"""),
                FuzzContext.Parse("""{ "base": { "training": { "phases": [ { "name": "lb", "epochs": 5 }, { "name": "sb", "batchSize": 10 } ] } }, "axes": [ { "path": "training.phases[1].batchSize", "values": [10, 20] }, { "path": "analysis.interpolations", "values": [null, [ { "from": "lb:end", "to": "end" } ]] } ] }"""),
                FuzzContext.Parse("""{ "name": "widths", "axes": [ { "path": "model.hiddenWidths", "values": [[5], [10, 5]] }, { "path": "model.hiddenWidths[0]", "values": [3] } ] }"""),
            ]).ToArray());
    });

    // POST /api/runs: the examples (and {}), mutated; accepted exactly when SpecValidator accepts what JsonFormat reads.
    static FuzzCase Runs(FuzzContext c)
    {
        var input = c.Post("/api/runs", c.Pick(Examples.Value.Specs));
        var (spec, parsed) = FuzzContext.Read<ExperimentSpec>(input.Body);
        return new(input, FuzzContext.Expect(() => parsed && SpecValidator.Validate(spec).Count == 0));
    }

    /// <summary>
    /// An accepted run is read back (what was stored must be shown), then cancelled and deleted at once: no worker would
    /// take it, and the store stays as it was.
    /// </summary>
    static async Task DeleteRunAsync(FuzzContext c, HttpResponseMessage created)
    {
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await c.Fixture.Server.Http.GetAsync($"/api/runs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await c.Fixture.Server.Http.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await c.Fixture.Server.Http.DeleteAsync($"/api/runs/{id}")).StatusCode);
    }

    // POST /api/sweeps: the sweep examples and small sweeps over lists and phases; accepted exactly when SweepGrid expands them.
    static FuzzCase Sweeps(FuzzContext c)
    {
        var input = c.Post("/api/sweeps", c.Pick(Examples.Value.Sweeps));
        var (sweep, parsed) = FuzzContext.Read<SweepSpec>(input.Body);
        return new(input, FuzzContext.Expect(() => parsed && SweepGrid.Expand(sweep).IsValid));
    }

    /// <summary>An accepted sweep is read back (its axis values as stored), then cancelled: its runs end at once, none waits for a worker.</summary>
    static async Task CancelSweepAsync(FuzzContext c, HttpResponseMessage created)
    {
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await c.Fixture.Server.Http.GetAsync($"/api/sweeps/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await c.Fixture.Server.Http.PostAsync($"/api/sweeps/{id}/cancel", null)).StatusCode);
    }

    static readonly JsonNode[] AnalysisBodies =
    [
        FuzzContext.Parse("""{ "checkpoint": "end" }"""),
        FuzzContext.Parse("""{ "checkpoint": "init", "analysis": { "lanczosK": 3, "lanczosBottomK": 0 } }"""),
        FuzzContext.Parse("""{ "checkpoint": "end", "analysis": { "lanczosK": 10, "lanczosBottomK": 5, "lanczosMaxSteps": 100, "lanczosTolerance": 1e-6, "exact": "auto", "exactLimit": 5000, "decomposition": true, "saveTopVectors": true, "seed": 3 } }"""),
        FuzzContext.Parse("""{ "checkpoint": "end", "analysis": { "density": { "enabled": true, "probes": 2, "steps": 10, "distribution": "gaussian", "width": 0.1, "gridPoints": 101 }, "trace": { "enabled": true, "hutchinsonProbes": 4, "hutchPlusPlusProducts": 6 }, "sample": { "size": 50, "batchSize": 10, "seed": 1 }, "everyEpochs": 5, "interpolations": [ { "from": "init", "to": "end", "points": 5 } ] } }"""),
    ];

    // POST /api/runs/{id}/analyses: accepted for a completed run's saved checkpoint (init, end) and an analysis the validator takes on its spec.
    static FuzzCase Analyses(FuzzContext c)
    {
        var (id, kind) = c.RunId();
        var input = c.Post($"/api/runs/{id}/analyses", c.Pick(AnalysisBodies));
        if (kind == RunKind.Garbage) return new(input, Expected.Any);
        var (request, parsed) = FuzzContext.Read<AnalysesApi.AnalysisRequest>(input.Body);
        if (!parsed || request is null) return new(input, Expected.Refused);
        if (kind != RunKind.Completed) return new(input, kind == RunKind.Unknown ? Expected.NotFound : Expected.Conflict);
        var valid = request.Checkpoint is Checkpoints.Init or Checkpoints.End
            && SpecValidator.Validate(c.Fixture.CompletedSpec with { Analysis = request.Analysis ?? c.Fixture.CompletedSpec.Analysis }).Count == 0;
        return new(input, valid ? Expected.Accepted : Expected.Refused);
    }

    static JsonNode[] InterpolationBodies(FuzzContext c) =>
    [
        FuzzContext.Parse("{}"),
        FuzzContext.Parse("""{ "from": { "checkpoint": "init" }, "to": { "checkpoint": "end" } }"""),
        FuzzContext.Parse($$"""{ "from": { "checkpoint": "end" }, "to": { "run": "{{c.Fixture.Other}}", "checkpoint": "end" }, "points": 5, "alphaMin": 0, "alphaMax": 1, "topEigenvalue": true }"""),
        FuzzContext.Parse($$"""{ "from": { "run": "{{c.Fixture.Completed}}", "checkpoint": "init" }, "to": { "run": null, "checkpoint": "end" }, "points": 1001, "alphaMin": -100, "alphaMax": 100 }"""),
    ];

    // POST /api/runs/{id}/interpolations: accepted when both ends are saved checkpoints of this run or the other completed one
    // (same data and model), they differ, and the α grid is valid.
    static FuzzCase Interpolations(FuzzContext c)
    {
        var (id, kind) = c.RunId();
        var input = c.Post($"/api/runs/{id}/interpolations", c.Pick(InterpolationBodies(c)));
        if (kind == RunKind.Garbage) return new(input, Expected.Any);
        var (request, parsed) = FuzzContext.Read<InterpolationRequest>(input.Body);
        if (!parsed || request is null) return new(input, Expected.Refused);
        if (kind != RunKind.Completed) return new(input, kind == RunKind.Unknown ? Expected.NotFound : Expected.Conflict);

        var target = Guid.Parse(id);
        var lineErrors = 0;
        SpecValidator.ValidateLine(new InterpolationSpec { Points = request.Points, AlphaMin = request.AlphaMin, AlphaMax = request.AlphaMax }, "", (_, _) => lineErrors++);
        (Guid Run, string Checkpoint)? End(InterpolationEnd? end, string fallback)
        {
            end ??= new InterpolationEnd(null, fallback);
            var run = end.Run ?? target;
            var known = run == c.Fixture.Completed || run == c.Fixture.Other;
            return known && end.Checkpoint is Checkpoints.Init or Checkpoints.End ? (run, end.Checkpoint) : null;
        }
        var from = End(request.From, Checkpoints.Init);
        var to = End(request.To, Checkpoints.End);
        return new(input, lineErrors == 0 && from is not null && to is not null && !Equals(from, to) ? Expected.Accepted : Expected.Refused);
    }

    static readonly JsonNode[] PatchBodies =
    [
        FuzzContext.Parse("""{ "tags": ["paper", " fig-3 ", "paper"], "note": "**why** this run" }"""),
        FuzzContext.Parse("""{ "archived": true }"""),
        FuzzContext.Parse("""{ "archived": false, "tags": [], "note": "" }"""),
        FuzzContext.Parse("""{ "tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t"] }"""),
    ];

    // PATCH /api/runs/{id}: only the completed run is patched (or unknown and garbage ids), accepted when RunPatch validates.
    static FuzzCase Patch(FuzzContext c)
    {
        var (id, kind) = c.Random.Next(10) switch
        {
            0 => (c.NewGuid().ToString(), RunKind.Unknown),
            1 => (c.Pick(FuzzContext.GarbageIds), RunKind.Garbage),
            _ => (c.Fixture.Completed.ToString(), RunKind.Completed),
        };
        var input = c.Body(HttpMethod.Patch, $"/api/runs/{id}", c.Pick(PatchBodies));
        if (kind == RunKind.Garbage) return new(input, Expected.Any);
        var (patch, parsed) = FuzzContext.Read<RunPatch>(input.Body);
        if (!parsed || patch is null || patch.Validate().Count > 0) return new(input, Expected.Refused);
        return new(input, kind == RunKind.Unknown ? Expected.NotFound : Expected.Accepted);
    }

    /// <summary>The tags an accepted patch stored are listed, and each finds the run (LIKE's wildcards in a tag are escaped).</summary>
    static async Task ReadTagsBackAsync(FuzzContext c, HttpResponseMessage patched)
    {
        var tags = (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(HttpStatusCode.OK, (await c.Fixture.Server.Http.GetAsync("/api/runs/tags")).StatusCode);
        foreach (var tag in tags.Take(3))
        {
            var found = await c.Fixture.Server.Http.GetAsync($"/api/runs?archived=true&tag={Uri.EscapeDataString(tag)}");
            var archived = await c.Fixture.Server.Http.GetAsync($"/api/runs?tag={Uri.EscapeDataString(tag)}");
            var ids = new List<Guid>();
            foreach (var page in new[] { found, archived })
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                ids.AddRange((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            }
            Assert.Contains(c.Fixture.Completed, ids);
        }
    }

    // GET /api/runs?…: the home page's parameters; accepted exactly when RunQuery parses the query the server receives.
    static FuzzCase Listing(FuzzContext c)
    {
        (string, string)[][] valid =
        [
            [],
            [("page", "1"), ("pageSize", "25")],
            [("sort", "-trainLoss"), ("q", "quick"), ("status", "queued,completed"), ("tag", "paper"), ("archived", "false")],
            [("from", "2020-01-01"), ("to", "2099-12-31"), ("sweep", c.Fixture.Sweep.ToString())],
            [("sort", "name"), ("pageSize", "200"), ("page", "2")],
            [("archived", "true"), ("sort", "outliers"), ("status", "cancelled")],
        ];
        string[] extra = [.. Enum.GetNames<RunSortKey>(), "-topEigenvalue", "+trace", "queued", "running", "completed", "failed", "cancelled", "diverged",
            "2026-12-02", c.Fixture.Sweep.ToString(), c.Fixture.Completed.ToString(), "paper", "fig-3"];
        var target = "/api/runs?" + c.Query.Mutate(c.Pick(valid), c.Mutations(), extra);
        var query = c.ParsedQuery(target);
        var (_, errors) = RunQuery.Parse(name => query[name].ToString());
        return new(new FuzzInput(HttpMethod.Get, target), errors.Count == 0 ? Expected.Accepted : Expected.Refused);
    }

    // GET /api/compare/metrics.csv and /series: the compare page's query; accepted when ComparisonState parses it and every run exists.
    static FuzzCase Compare(FuzzContext c)
    {
        var runs = $"{c.Fixture.Completed},{c.Fixture.Other}";
        (string, string)[][] valid =
        [
            [("runs", runs)],
            [("runs", c.Fixture.Completed.ToString()), ("smoothing", "0"), ("logLoss", "false"), ("logEigenvalues", "true"), ("logDensity", "false"),
                ("checkpoint", "end"), ("operator", "gaussNewton"), ("config", "all")],
            [("runs", $"{runs},{c.Fixture.Queued}"), ("checkpoint", "init"), ("operator", "residual"), ("smoothing", "0.99")],
        ];
        string[] extra = [c.Fixture.Completed.ToString(), c.Fixture.Other.ToString(), c.Fixture.Queued.ToString(), runs, c.NewGuid().ToString(),
            "end", "init", "epoch-1", "lb:end", "hessian", "gaussNewton", "residual", "all", "differences"];
        var path = c.Random.Next(2) == 0 ? "/api/compare/metrics.csv" : "/api/compare/series";
        var target = path + "?" + c.Query.Mutate(c.Pick(valid), c.Mutations(), extra);
        var query = c.ParsedQuery(target);
        var (state, errors) = ComparisonState.Parse(query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
        Guid[] known = [c.Fixture.Completed, c.Fixture.Other, c.Fixture.Queued];
        var expected = errors.Count > 0 ? Expected.Refused
            : state.Runs.Count == 0 ? Expected.Any
            : state.Runs.All(known.Contains) ? Expected.Accepted : Expected.NotFound;
        return new(new FuzzInput(HttpMethod.Get, target), expected);
    }

    static readonly string[] AfterValues =
        ["0", "1", "2", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "abc", "1.5", "", " 1", "1e3", "0x1", "%00", "1&after=2", "١"];

    // The other requests with ids in the path: reads, events after N, cancel, export, delete of unknown runs, sweeps.
    static FuzzCase Ids(FuzzContext c)
    {
        var (id, kind) = c.RunId();
        var any = c.Random.Next(4) == 0 ? c.Fixture.Analysis.ToString() : c.Random.Next(2) == 0 ? c.NewGuid().ToString() : c.Pick(FuzzContext.GarbageIds);
        var sweep = c.Random.Next(3) == 0 ? c.Fixture.Sweep.ToString() : any;
        var after = c.Pick(AfterValues);
        (HttpMethod, string)[] requests =
        [
            (HttpMethod.Get, $"/api/runs/{id}"), (HttpMethod.Get, $"/api/runs/{id}/spectra"), (HttpMethod.Get, $"/api/runs/{id}/densities"),
            (HttpMethod.Get, $"/api/runs/{id}/traces"), (HttpMethod.Get, $"/api/runs/{id}/outliers"), (HttpMethod.Get, $"/api/runs/{id}/checkpoints"),
            (HttpMethod.Get, $"/api/runs/{id}/events?after={after}"), (HttpMethod.Get, $"/api/runs/{id}/events"),
            (HttpMethod.Get, $"/api/runs/{id}/analyses"), (HttpMethod.Get, $"/api/runs/{id}/analyses/{any}"),
            (HttpMethod.Get, $"/api/runs/{id}/interpolations"), (HttpMethod.Get, $"/api/runs/{id}/export"),
            (HttpMethod.Post, $"/api/runs/{id}/cancel"), (HttpMethod.Delete, $"/api/runs/{any}"),
            (HttpMethod.Get, $"/api/sweeps/{sweep}"), (HttpMethod.Post, $"/api/sweeps/{sweep}/cancel"),
            (HttpMethod.Get, "/api/sweeps"), (HttpMethod.Get, "/api/runs/tags"), (HttpMethod.Get, "/api/workers"),
        ];
        var (method, target) = c.Pick(requests);
        var input = new FuzzInput(method, target);
        if (kind == RunKind.Garbage || !target.Contains("/events?", StringComparison.Ordinal)) return new(input, Expected.Any);
        var afterText = c.ParsedQuery(target)["after"].ToString();
        var afterOk = string.IsNullOrWhiteSpace(afterText) || long.TryParse(afterText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _);
        return new(input, !afterOk ? Expected.Refused : kind == RunKind.Unknown ? Expected.NotFound : Expected.Accepted);
    }
}
