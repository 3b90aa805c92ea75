using Microsoft.Data.Sqlite;

namespace Crowdsourcing.Providers.Sqlite.Tests;

/// <summary>A fresh SQLite database file in its own temporary directory, deleted (with its WAL files) on dispose.</summary>
public sealed class SqliteTestDatabase : IAsyncDisposable
{
    public SqliteTestDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "crowdsourcing-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "crowd.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public ValueTask DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // The store released its pooled connections when the service provider was disposed; a file still open
            // elsewhere is left to the operating system's temp-directory cleanup.
        }

        return ValueTask.CompletedTask;
    }
}
