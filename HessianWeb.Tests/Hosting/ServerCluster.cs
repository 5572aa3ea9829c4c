using System.Net.Http.Json;
using HessianWeb.Server.Access;
using HessianWeb.Server.Runs;
using HessianWeb.Shared;
using Npgsql;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A department's deployment in small: two dashboard server processes,
/// A and B, on one fresh PostgreSQL database, the shared Redis (channels of this cluster's own) and one artifacts
/// directory, and two worker processes on one token, each given both servers: <see cref="WorkerOnA"/> with A first,
/// <see cref="WorkerOnB"/> with B first. The intervals that decide when an instance is gone are short, so that a test
/// that kills a server sees the consequences within seconds.
/// </summary>
public sealed class ServerCluster : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    readonly List<WorkerProcess> workers = [];
    readonly string artifacts;

    readonly string database;

    ServerCluster(ServerProcess a, ServerProcess b, string database, string artifacts)
    {
        A = a;
        B = b;
        this.database = database;
        this.artifacts = artifacts;
    }

    public ServerProcess A { get; }
    public ServerProcess B { get; }
    public IReadOnlyList<ServerProcess> Servers => [A, B];

    /// <summary>The worker that starts connected to A (<c>--server A,B</c>).</summary>
    public const string WorkerOnA = "worker-a";

    /// <summary>The worker that starts connected to B (<c>--server B,A</c>).</summary>
    public const string WorkerOnB = "worker-b";

    /// <summary>Starts both servers, then both workers, and completes when each worker is registered with its first server.</summary>
    public static async Task<ServerCluster> StartAsync()
    {
        var database = await TestServices.NewPostgresDatabaseAsync();
        var artifacts = Directory.CreateTempSubdirectory("hessianweb-artifacts-").FullName;
        var workerToken = SecretTokens.New(SecretTokens.WorkerPrefix);
        Dictionary<string, string> Settings(string instance) => new()
        {
            [StoreProvider.ProviderKey] = StoreProvider.PostgreSql,
            [StoreProvider.ConnectionStringKey] = database,
            ["Redis:Configuration"] = TestServices.Redis,
            // Tests share the one Redis: this cluster's messages stay among its own instances.
            ["Redis:ChannelPrefix"] = $"hw-test-{Path.GetFileName(artifacts)}",
            ["Artifacts:Directory"] = artifacts,
            ["Workers:Tokens:0"] = workerToken,
            ["Server:InstanceName"] = instance,
            ["Scaling:HeartbeatInterval"] = "00:00:01",
            ["Scaling:InstanceTimeout"] = "00:00:03",
            // Long enough for a worker whose server died to reach the other one, even on a slow machine.
            ["Workers:ReconnectGrace"] = "00:00:15",
        };
        // Together, as a load balancer's instances start: both migrate the same empty database.
        var starting = new[] { ServerProcess.StartAsync("A", Settings("A"), StartTimeout), ServerProcess.StartAsync("B", Settings("B"), StartTimeout) };
        try { await Task.WhenAll(starting); }
        catch
        {
            foreach (var started in starting.Where(s => s.IsCompletedSuccessfully)) started.Result.Dispose();
            throw;
        }
        var cluster = new ServerCluster(starting[0].Result, starting[1].Result, database, artifacts);
        try
        {
            await StoreIsSharedAsync(database, cluster);
            cluster.workers.Add(new WorkerProcess([cluster.A.BaseAddress, cluster.B.BaseAddress], workerToken, WorkerOnA));
            cluster.workers.Add(new WorkerProcess([cluster.B.BaseAddress, cluster.A.BaseAddress], workerToken, WorkerOnB));
            await Task.WhenAll(cluster.WaitForWorkerAsync(cluster.A, WorkerOnA), cluster.WaitForWorkerAsync(cluster.B, WorkerOnB));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when <paramref name="server"/> lists the worker named <paramref name="name"/> (GET /api/workers).</summary>
    public Task WaitForWorkerAsync(ServerProcess server, string name) =>
        Eventually.ReadAsync(async () =>
            {
                // A worker that stopped (its arguments refused, its servers given up on) will not come.
                if (workers.Any(w => w.HasExited)) throw new InvalidOperationException($"A worker exited.\n{Diagnostics}");
                return await WorkerNamesAsync(server);
            },
            names => names.Contains(name), StartTimeout,
            names => $"server {server.Name} lists workers [{string.Join(", ", names)}], not {name}.\n{Diagnostics}");

    /// <summary>The servers made their tables in the test's PostgreSQL database, rather than each in a SQLite file of its own.</summary>
    static async Task StoreIsSharedAsync(string database, ServerCluster cluster)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var runs = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE lower(table_name) = 'runs'", connection);
        if ((long)(await runs.ExecuteScalarAsync())! == 0)
            throw new InvalidOperationException($"The servers made no Runs table in PostgreSQL: Store:Provider=postgresql was not followed.\n{cluster.Diagnostics}");
    }

    public static async Task<IReadOnlyList<string>> WorkerNamesAsync(ServerProcess server) =>
        (await server.Http.GetFromJsonAsync<List<ListedWorker>>("/api/workers", JsonFormat.Options))!.Select(w => w.Name).ToList();

    /// <summary>The end of every server's log and of every worker's output, for a failure's message.</summary>
    public string Diagnostics => string.Join("\n",
        Servers.Select(s => $"--- server {s.Name}{(s.HasExited ? " (exited)" : "")}:\n{Last(s.Lines)}")
            .Concat(workers.Select((w, i) => $"--- worker {(i == 0 ? WorkerOnA : WorkerOnB)}:\n{Last(w.Lines)}")));

    static string Last(IReadOnlyList<string> lines) => string.Join('\n', lines.TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        // Workers first, so that no server sees its workers leave while it stops.
        foreach (var worker in workers) worker.Dispose();
        A.Dispose();
        B.Dispose();
        try { Directory.Delete(artifacts, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        await TestServices.DropPostgresDatabaseAsync(database);
    }

    sealed record ListedWorker(string Name);
}
