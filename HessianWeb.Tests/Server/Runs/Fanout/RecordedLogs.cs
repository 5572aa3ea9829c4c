using Microsoft.Extensions.Logging;

namespace HessianWeb.Tests.Server.Runs.Fanout;

/// <summary>What an instance logged, and a wait for a message to be logged.</summary>
sealed class RecordedLogs : ILoggerProvider
{
    readonly List<(LogLevel Level, string Message)> entries = [];
    readonly List<(LogLevel Level, string Part, TaskCompletionSource<string> Logged)> waits = [];

    /// <summary>Completes with the first message at <paramref name="level"/> that contains <paramref name="part"/>, logged before or after.</summary>
    public Task<string> LoggedAsync(LogLevel level, string part)
    {
        lock (entries)
        {
            var logged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (entries.FirstOrDefault(e => e.Level == level && e.Message.Contains(part, StringComparison.Ordinal)) is { Message: { } message }) logged.SetResult(message);
            else waits.Add((level, part, logged));
            return logged.Task;
        }
    }

    public int Count(LogLevel level, string part)
    {
        lock (entries) return entries.Count(e => e.Level == level && e.Message.Contains(part, StringComparison.Ordinal));
    }

    void Add(LogLevel level, string message)
    {
        lock (entries)
        {
            entries.Add((level, message));
            foreach (var wait in waits.Where(w => w.Level == level && message.Contains(w.Part, StringComparison.Ordinal)).ToList())
            {
                waits.Remove(wait);
                wait.Logged.SetResult(message);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    sealed class Logger(RecordedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(logLevel, formatter(state, exception));
    }
}
