using HessianWeb.Shared;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The write path of runs and their events, and the one place their sequence numbers are given. Events are stored
/// idempotently by (run, sequence); each stored event also updates the run's summary row in the same transaction. Arrays
/// (artifacts) go to safetensors files under the data directory, and their events keep only the file's name. The reads
/// live with their features (RunResults, Listing/RunListing, Workers/RunQueue, Analyses/AnalysisQueue, Sweeps/SweepStore).
/// </summary>
public sealed partial class RunStore(IDbContextFactory<RunsDbContext> dbFactory, ArtifactFiles artifacts, RunNotifier notifier, ILogger<RunStore> logger)
{
    // SQLite has one writer anyway; one lock keeps "read LastSequence, write LastSequence + 1" atomic
    // between the hub (worker events) and the server's own status events (cancel, lost worker, analyses). Between server
    // instances on one PostgreSQL store, LastSequence is a concurrency token (RunsDbContext): the write that lost the race
    // fails and is made again from what the winner stored (RetryConflictsAsync).
    readonly SemaphoreSlim writeLock = new(1, 1);

    /// <summary>How often a write is made again after another instance changed its rows first; each retry follows a write that won.</summary>
    const int ConflictAttempts = 20;

    public Task<RunSummary> CreateAsync(ExperimentSpec spec, CancellationToken ct = default) => CreateAsync(spec, launchedBy: null, ct);

    /// <summary>A new queued run that records the user who launched it.</summary>
    public async Task<RunSummary> CreateAsync(ExperimentSpec spec, string? launchedBy, CancellationToken ct = default)
    {
        var record = Queued(spec, DateTime.UtcNow, launchedBy);
        await CreateAsync([record], _ => { }, ct);
        return RunSummary.From(record);
    }

    /// <summary>A new run of <paramref name="spec"/>, queued; its first event comes with it in CreateAsync (a sweep's runs: Sweeps/SweepStore).</summary>
    internal static RunRecord Queued(ExperimentSpec spec, DateTime createdAt, string? launchedBy) => new()
    {
        LaunchedBy = launchedBy,
        Id = Guid.CreateVersion7(),
        Name = spec.Name.Trim(),
        Status = RunStatus.Queued,
        SpecJson = JsonFormat.Serialize(spec),
        CreatedAt = createdAt,
        ParameterCount = SpecLimits.ParameterCount(spec),
    };

    /// <summary>
    /// Stores new runs, each with its first event (queued), and what <paramref name="alongside"/> adds (a sweep's row:
    /// Sweeps/SweepStore) in the same transaction, all or nothing.
    /// </summary>
    internal async Task CreateAsync(IReadOnlyList<RunRecord> runs, Action<RunsDbContext> alongside, CancellationToken ct)
    {
        var queued = runs.Select(r => StatusEvent(r.Id, 1, new StatusChange(RunStatus.Queued))).ToList();
        foreach (var run in runs) run.LastSequence = 1;
        await writeLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            alongside(db);
            db.Runs.AddRange(runs);
            db.RunEvents.AddRange(queued.Select(ToRecord));
            await db.SaveChangesAsync(ct);
            notifier.Publish(queued);
        }
        finally { writeLock.Release(); }
    }

    /// <summary>
    /// A feature's own write (notes and tags, deleting, the queue's order, queueing or starting an analysis) under the
    /// write lock, with a fresh context: these read rows and write them back, and must not interleave with an event
    /// batch that changes the same rows. A status event the write appends goes through <see cref="AppendStatusAsync"/>.
    /// </summary>
    internal async Task<T> WriteAsync<T>(Func<RunsDbContext, Task<T>> write, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            return await RetryConflictsAsync(async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                return await write(db);
            });
        }
        finally { writeLock.Release(); }
    }

    /// <summary>
    /// Makes <paramref name="write"/> again, from a fresh context, when another server instance changed the run it read
    /// (its LastSequence moved on) or stored the event number it chose. Within one instance the write lock rules that out.
    /// </summary>
    async Task<T> RetryConflictsAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await write(); }
            catch (DbUpdateException ex) when (attempt < ConflictAttempts && IsConflict(ex))
            {
                logger.LogInformation("Another server instance wrote the same run first; writing again ({Attempt} of {Attempts})", attempt + 1, ConflictAttempts);
                // A random wait, longer each time: the instance that won is often already reading for its next write, and
                // retrying at once would race it on the same terms every time.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
            }
        }
    }

    static bool IsConflict(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException || ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Within <see cref="WriteAsync"/> only: appends the server's status event as the run's next, saves it with the
    /// context's other changes, and publishes it before the lock frees (an analysis re-opening its completed run:
    /// Analyses/AnalysisQueue).
    /// </summary>
    internal async Task<RunEvent> AppendStatusAsync(RunsDbContext db, RunRecord run, StatusChange status, CancellationToken ct)
    {
        var appended = StatusEvent(run.Id, run.LastSequence + 1, status);
        db.RunEvents.Add(ToRecord(appended));
        Apply(run, appended);
        await db.SaveChangesAsync(ct);
        notifier.Publish([appended]);
        return appended;
    }

    /// <summary>
    /// Stores the events not seen before, in order, and returns them as stored (artifacts without their
    /// bytes). An artifact's file is written before its row is committed; a replayed event writes nothing.
    /// </summary>
    public async Task<IReadOnlyList<RunEvent>> AppendAsync(IReadOnlyList<RunEvent> events, CancellationToken ct = default)
    {
        // Group commit: batches that queue while another is being written go in together, in one transaction, when
        // the lock frees. Twenty live runs sending fifty events a second are then a few transactions a second rather
        // than a thousand, which on a small machine is what keeps their pages' lag down.
        var request = new PendingAppend(events);
        pendingAppends.Enqueue(request);
        await writeLock.WaitAsync(ct);
        List<PendingAppend> group = [];
        try
        {
            if (request.Stored.Task.IsCompleted) return await request.Stored.Task; // written by an earlier group
            while (pendingAppends.TryDequeue(out var next)) group.Add(next);
            var stored = await RetryConflictsAsync(() => WriteAsync(group, ct));
            // Inside the lock: the next writer's events (a later sequence) cannot be published before these.
            var all = stored.SelectMany(s => s).ToList();
            if (all.Count > 0) notifier.Publish(all);
            for (var i = 0; i < group.Count; i++) group[i].Stored.TrySetResult(stored[i]);
        }
        catch (Exception ex)
        {
            foreach (var other in group) other.Stored.TrySetException(ex);
            throw;
        }
        finally { writeLock.Release(); }
        return await request.Stored.Task;
    }

    /// <summary>A caller's batch waiting for the write lock, and what of it was stored.</summary>
    sealed class PendingAppend(IReadOnlyList<RunEvent> events)
    {
        public IReadOnlyList<RunEvent> Events { get; } = events;
        public TaskCompletionSource<IReadOnlyList<RunEvent>> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    readonly System.Collections.Concurrent.ConcurrentQueue<PendingAppend> pendingAppends = new();

    /// <summary>The batches in order, in one transaction; for each, the events it stored (replays and events of unknown or ended runs left out).</summary>
    async Task<List<IReadOnlyList<RunEvent>>> WriteAsync(List<PendingAppend> group, CancellationToken ct)
    {
        var result = new List<IReadOnlyList<RunEvent>>(group.Count);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var pending in group)
        {
            var stored = new List<RunEvent>();
            foreach (var events in pending.Events.GroupBy(e => e.RunId))
            {
                // Find: a run already read for an earlier batch of this group comes from the context (one read each), with
                // that batch's LastSequence.
                var run = await db.Runs.FindAsync([events.Key], ct);
                if (run is null)
                {
                    logger.LogWarning("Dropped {Count} events of unknown run {RunId}", events.Count(), events.Key);
                    continue;
                }
                var ignored = events.Where(e => e.Sequence > run.LastSequence).ToList();
                if (run.Status.IsTerminal() && ignored.Count > 0)
                {
                    // Once per batch: a worker still reporting a run the server ended sends many.
                    logger.LogWarning("Ignored events {First}–{Last} of run {RunId}: the run already ended as {Status}",
                        ignored.Min(e => e.Sequence), ignored.Max(e => e.Sequence), run.Id, run.Status);
                    continue;
                }
                foreach (var e in events.OrderBy(e => e.Sequence))
                {
                    if (e.Sequence <= run.LastSequence) continue; // a replay: already stored
                    if (run.Status.IsTerminal())
                    {
                        logger.LogWarning("Ignored event {Sequence} of run {RunId}: the run already ended as {Status}", e.Sequence, run.Id, run.Status);
                        continue;
                    }
                    if (e.Sequence != run.LastSequence + 1)
                        logger.LogWarning("Gap in run {RunId}: event {Sequence} after {Last}", run.Id, e.Sequence, run.LastSequence);
                    var toStore = e.Kind switch
                    {
                        RunEventKind.Artifact when e.Artifact is { } artifact => await ArtifactOrFailureAsync(db, e, artifact, ct),
                        RunEventKind.Status when e.Status is { } s && s.Status.IsTerminal() => e with { Status = await EndingAsync(db, run.Id, s, ct) },
                        _ => e,
                    };
                    db.RunEvents.Add(ToRecord(toStore));
                    Apply(run, toStore);
                    stored.Add(toStore);
                }
            }
            result.Add(stored);
        }
        await db.SaveChangesAsync(ct);
        return result;
    }

    /// <summary>
    /// The artifact as the events table keeps it: a worker's reference to the file it uploaded, once that file is found
    /// verified in place (<see cref="ArtifactFiles.VerifyUploadedAsync"/>), or tensors given with their bytes written to
    /// a file. An artifact that fails either is not kept (the event is, without a file): refusing the batch would only
    /// make the worker resend it forever.
    /// </summary>
    async Task<ArtifactResult> KeepArtifactAsync(Guid runId, long sequence, ArtifactResult artifact, CancellationToken ct)
    {
        try
        {
            return artifact.Tensors.All(t => t.Data is null) && artifact.File is not null
                ? await artifacts.VerifyUploadedAsync(runId, sequence, artifact, ct)
                : await artifacts.WriteAsync(runId, sequence, artifact, ct);
        }
        catch (InvalidDataException ex)
        {
            logger.LogError("Run {RunId} event {Sequence}: the {Kind} artifact of {Checkpoint} was not kept: {Reason}",
                runId, sequence, artifact.Kind, artifact.Checkpoint, ex.Message);
            return ArtifactFiles.WithoutData(artifact) with { File = null, Sha256 = null, Length = null };
        }
    }

    /// <summary>
    /// What to store for an artifact event: the artifact as kept, or, when its file cannot be written (a full disk),
    /// the run's failure in words at the artifact's place in the sequence. The batch's other runs are stored as usual.
    /// </summary>
    async Task<RunEvent> ArtifactOrFailureAsync(RunsDbContext db, RunEvent e, ArtifactResult artifact, CancellationToken ct)
    {
        try { return e with { Artifact = await KeepArtifactAsync(e.RunId, e.Sequence, artifact, ct) }; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = StorageFailure.Describe(ex, artifacts.DataDirectory);
            logger.LogError("Run {RunId} event {Sequence}: the {Kind} artifact of {Checkpoint} could not be written: {Reason}",
                e.RunId, e.Sequence, artifact.Kind, artifact.Checkpoint, reason);
            return StatusEvent(e.RunId, e.Sequence, await EndingAsync(db, e.RunId, new StatusChange(RunStatus.Failed, Error: reason), ct));
        }
    }

    internal static void Apply(RunRecord run, RunEvent e)
    {
        run.LastSequence = Math.Max(run.LastSequence, e.Sequence);
        switch (e.Kind)
        {
            case RunEventKind.Status when e.Status is { } s:
                run.Status = s.Status;
                run.Phase = s.Status == RunStatus.Running ? s.Phase : null;
                if (s.Status == RunStatus.Running) run.StartedAt ??= DateTime.UtcNow;
                if (s.Status.IsTerminal()) run.EndedAt = DateTime.UtcNow;
                if (s.Error is not null) run.Error = s.Error;
                if (s.ParameterCount is { } m) run.ParameterCount = m;
                break;
            case RunEventKind.Epoch when e.Epoch is { } epoch:
                run.LatestMetricsJson = JsonFormat.Serialize(epoch);
                break;
            case RunEventKind.Spectrum when e.Spectrum is { Eigenvalues.Length: > 0 } spectrum && spectrum.Operator == CurvatureOperators.Hessian:
                run.TopEigenvalue = spectrum.Eigenvalues[0];
                break;
        }
        Listing.RunListColumns.Apply(run, e);
    }

    static RunEvent StatusEvent(Guid id, long sequence, StatusChange status) =>
        new() { RunId = id, Sequence = sequence, Kind = RunEventKind.Status, Status = status };

    internal static RunEventRecord ToRecord(RunEvent e) =>
        new() { RunId = e.RunId, Sequence = e.Sequence, Kind = e.Kind, Json = JsonFormat.Serialize(e) };
}
