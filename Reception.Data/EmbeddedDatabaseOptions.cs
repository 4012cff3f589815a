using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace Reception.Data;

/// <summary>The embedded SQLite database, used when no PostgreSQL is configured (<c>Reception:Sqlite</c>).</summary>
public sealed class EmbeddedDatabaseOptions : IValidatableObject
{
    public const string Section = "Reception";

    /// <summary>A SQLite connection string; absent or empty: <see cref="DataServiceCollectionExtensions.EmbeddedConnectionString"/>.</summary>
    public string? Sqlite { get; set; }

    public string ConnectionString => Sqlite is { Length: > 0 } s ? s : DataServiceCollectionExtensions.EmbeddedConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem;
        try
        {
            // Without a Data Source, SQLite opens a temporary database that vanishes with the connection.
            problem = new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 }
                ? null
                : "it names no Data Source";
        }
        catch (ArgumentException e)
        {
            problem = e.Message.TrimEnd('.');
        }

        if (problem is not null)
        {
            yield return new ValidationResult(
                $"Reception:Sqlite must be a SQLite connection string such as \"Data Source=reception.db\" ({problem}).", [nameof(Sqlite)]);
        }
    }
}
