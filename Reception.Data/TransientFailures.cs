using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Reception.Data;

/// <summary>
/// The providers' own classification of failures worth retrying: a deadlock, a serialization
/// failure, a timeout, a dropped connection, a busy SQLite file. EF Core wraps them; the chain
/// of inner exceptions is searched.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SQLite's busy and locked (5, 6) are not flagged IsTransient by Microsoft.Data.Sqlite.
            if (e is DbException { IsTransient: true } or TimeoutException or SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }
}
