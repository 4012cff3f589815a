using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Reception.Data.Providers;

/// <summary>
/// Sends what the change tracker holds as one command of plain INSERT and UPDATE statements, without
/// EF's update pipeline (which cost the app about a sixth of its CPU per applied action: command
/// batches, modification commands, a topological sort and parameters built anew for every save).
/// The statements are what EF would send (the model's tables, columns and type mappings, inserts
/// ordered principals first, updates of the modified columns by key, store-generated values read
/// back), through EF's command pipeline so logging and interceptors see them. It saves only what it
/// can say exactly, inside the caller's transaction: no transaction, a deletion, a concurrency token
/// or a shape it does not know (owned or complex types, table splitting, inheritance) makes it
/// return false, and the caller saves through EF.
/// </summary>
internal static class PostgresSave
{
    private static readonly ConcurrentDictionary<IEntityType, Table?> Tables = new();

    public static async Task<bool> TrySaveAsync(DbContext db, FeedMove? feed, bool commit, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return false; // EF's own save wraps its statements in a transaction; this one needs the caller's
        }

        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();

        var planned = new List<(EntityEntry Entry, Table Table)>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.State == EntityState.Deleted || Tables.GetOrAdd(entry.Metadata, Table.Of) is not { } table)
            {
                return false;
            }

            planned.Add((entry, table));
        }

        // Inserts of principals before their dependents', then updates, each in the tracker's order.
        planned = [.. planned.OrderBy(p => p.Entry.State == EntityState.Added ? p.Table.Rank : int.MaxValue)];
        var sql = new StringBuilder();
        var parameters = new List<DbParameter>();
        var generated = new List<(EntityEntry Entry, IReadOnlyList<Column> Columns)>();
        using var factory = new NpgsqlCommand(); // makes the parameters, as EF's type mappings do
        var statements = 0;
        foreach (var (entry, table) in planned)
        {
            if (entry.State == EntityState.Added)
            {
                statements++;
                var returning = table.Insert(entry, sql, parameters, factory);
                if (returning.Count > 0)
                {
                    generated.Add((entry, returning));
                }
            }
            else if (table.Update(entry, sql, parameters, factory))
            {
                statements++;
            }
        }

        if (feed is { } move)
        {
            // The counter row alone, as EF would update a stub of it (the apply tracks no branch).
            sql.Append("UPDATE \"Branches\" SET \"FeedVersion\" = @").Append(Add(parameters, new NpgsqlParameter<long>("", move.Version)))
                .Append(" WHERE \"Id\" = @").Append(Add(parameters, new NpgsqlParameter<Guid>("", move.BranchId))).Append(";\n");
            statements++;
        }

        if (statements == 0)
        {
            db.ChangeTracker.AcceptAllChanges();
            if (commit)
            {
                await db.Database.CommitTransactionAsync(cancellationToken);
            }

            return true;
        }

        if (commit)
        {
            // In the same round trip: PostgreSQL skips it when a statement before it failed (the
            // transaction is then rolled back as it is disposed). Npgsql sees the connection idle
            // again, so the transaction counts as completed and its disposal sends nothing.
            sql.Append("COMMIT;\n");
        }

        try
        {
            await using var reader = await EfPipeline.ReadAsync(db, sql.ToString(), parameters, CommandSource.SaveChanges, cancellationToken);
            var r = reader.DbDataReader;
            foreach (var (entry, columns) in generated)
            {
                if (!await r.ReadAsync(cancellationToken))
                {
                    throw new DbUpdateException($"No values came back for the inserted {entry.Metadata.DisplayName()}.", [entry]);
                }

                for (var i = 0; i < columns.Count; i++)
                {
                    var column = columns[i];
                    var value = r.IsDBNull(i) ? null : r.GetValue(i);
                    var property = entry.Property(column.Property);
                    property.CurrentValue = column.Mapping.Converter is { } converter ? converter.ConvertFromProvider(value) : value;
                    property.IsTemporary = false;
                }

                await r.NextResultAsync(cancellationToken);
            }

            while (await r.NextResultAsync(cancellationToken))
            {
            }

            if (r.RecordsAffected != statements)
            {
                // Under the branch lock no row the apply updates can go (they were read under it, and
                // nothing deletes them), so with the commit sent this is a broken invariant, not a race.
                throw new DbUpdateConcurrencyException(
                    $"{statements} rows were to be written, {r.RecordsAffected} were: a row to update is gone" +
                    (commit ? " (the rest was committed)." : "."));
            }
        }
        catch (DbException e)
        {
            throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", e, entries);
        }

        db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    private static string Add(List<DbParameter> parameters, DbParameter parameter)
    {
        parameter.ParameterName = "p" + parameters.Count;
        parameters.Add(parameter);
        return parameter.ParameterName;
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping);

    /// <summary>One entity type's table, as EF maps it; null when this saver cannot write it exactly.</summary>
    private sealed class Table(string name, IReadOnlyList<Column> columns, IReadOnlyList<Column> keys, int rank)
    {
        public int Rank => rank;

        public static Table? Of(IEntityType type)
        {
            if (type.GetTableName() is not { } tableName || type.GetSchema() is not null || type.BaseType is not null
                || type.GetDirectlyDerivedTypes().Any() || type.IsOwned() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
                || type.GetComplexProperties().Any()
                || type.GetProperties().Any(p => p.IsConcurrencyToken || p.ValueGenerated.HasFlag(ValueGenerated.OnUpdate)
                                                 || p.GetComputedColumnSql() is not null)
                || type.GetTableMappings().Count() != 1 || type.GetTableMappings().Single().Table.EntityTypeMappings.Count() != 1
                || Depth(type, []) is not { } order)
            {
                return null;
            }

            var store = StoreObjectIdentifier.Table(tableName);
            var columns = type.GetProperties()
                .Select(p => new Column(p, p.GetColumnName(store)!, (RelationalTypeMapping)p.GetRelationalTypeMapping())).ToList();
            return new Table(Quote(tableName), columns, columns.Where(c => c.Property.IsPrimaryKey()).ToList(), order);
        }

        /// <summary>How many tables this one depends on through its foreign keys, at the deepest; null for a cycle.</summary>
        private static int? Depth(IEntityType type, HashSet<IEntityType> path)
        {
            if (!path.Add(type))
            {
                return null;
            }

            var rank = 0;
            foreach (var principal in type.GetForeignKeys().Select(f => f.PrincipalEntityType).Where(p => p != type).Distinct())
            {
                if (Depth(principal, path) is not { } r)
                {
                    return null;
                }

                rank = Math.Max(rank, r + 1);
            }

            path.Remove(type);
            return rank;
        }

        /// <summary>Appends the INSERT; the columns the database generates come back with RETURNING.</summary>
        public IReadOnlyList<Column> Insert(EntityEntry entry, StringBuilder sql, List<DbParameter> parameters, NpgsqlCommand factory)
        {
            var values = new List<string>();
            var names = new List<string>();
            var returning = new List<Column>();
            foreach (var column in columns)
            {
                var property = entry.Property(column.Property);
                if (StoreGenerated(column.Property, property))
                {
                    returning.Add(column);
                    continue;
                }

                names.Add(Quote(column.Name));
                values.Add(Parameter(column, property.CurrentValue, parameters, factory));
            }

            sql.Append("INSERT INTO ").Append(name).Append(" (").AppendJoin(", ", names).Append(") VALUES (").AppendJoin(", ", values).Append(')');
            if (returning.Count > 0)
            {
                sql.Append(" RETURNING ").AppendJoin(", ", returning.Select(c => Quote(c.Name)));
            }

            sql.Append(";\n");
            return returning;
        }

        /// <summary>Appends the UPDATE of the modified columns, by key; false when there are none.</summary>
        public bool Update(EntityEntry entry, StringBuilder sql, List<DbParameter> parameters, NpgsqlCommand factory)
        {
            var sets = new List<string>();
            foreach (var column in columns)
            {
                var property = entry.Property(column.Property);
                if (property.IsModified && !column.Property.IsPrimaryKey())
                {
                    sets.Add($"{Quote(column.Name)} = {Parameter(column, property.CurrentValue, parameters, factory)}");
                }
            }

            if (sets.Count == 0)
            {
                return false; // marked modified with nothing modified: EF sends nothing either
            }

            var where = keys.Select(k => $"{Quote(k.Name)} = {Parameter(k, entry.Property(k.Property).OriginalValue, parameters, factory)}");
            sql.Append("UPDATE ").Append(name).Append(" SET ").AppendJoin(", ", sets).Append(" WHERE ").AppendJoin(" AND ", where).Append(";\n");
            return true;
        }

        // EF's rule: a column the database generates on insert (an identity key, a default) is left
        // to it while the entity holds a temporary value or the property's sentinel.
        private static bool StoreGenerated(IProperty property, PropertyEntry entry) =>
            property.ValueGenerated.HasFlag(ValueGenerated.OnAdd)
            && (property.GetBeforeSaveBehavior() == PropertySaveBehavior.Ignore || entry.IsTemporary
                || Equals(entry.CurrentValue, property.Sentinel));

        private static string Parameter(Column column, object? value, List<DbParameter> parameters, NpgsqlCommand factory)
        {
            var name = "p" + parameters.Count;
            parameters.Add(column.Mapping.CreateParameter(factory, name, value, column.Property.IsNullable));
            return "@" + name;
        }

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }
}
