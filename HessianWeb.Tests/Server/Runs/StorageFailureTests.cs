using HessianWeb.Server.Runs;
using Microsoft.Data.Sqlite;

namespace HessianWeb.Tests.Server.Runs;

public sealed class StorageFailureTests
{
    [Fact]
    public void A_full_disk_is_said_in_words_whether_the_file_or_the_database_ran_out_of_room()
    {
        // As .NET reports ENOSPC on Linux (HResult = errno 28), and SQLite's SQLITE_FULL (13).
        var io = new IOException("No space left on device : '/data/runs/x/init-data.safetensors.partial'", 28);
        var sqlite = new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);

        Assert.Equal("The data directory /data is full: No space left on device : '/data/runs/x/init-data.safetensors.partial'. " +
            "Free some space there; the run's events stored so far are kept.", StorageFailure.Describe(io, "/data"));
        Assert.StartsWith("The data directory /data is full: SQLite Error 13", StorageFailure.Describe(sqlite, "/data"));
        Assert.StartsWith("The data directory /data could not be written: Permission denied",
            StorageFailure.Describe(new IOException("Permission denied", 13), "/data"));
    }
}
