using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Reception.Data.Providers;

/// <summary>
/// Hand-written SQL sent through EF Core's own command pipeline: on the context's connection and
/// transaction, logged, and seen by every command interceptor as any query of EF's is (the tests'
/// fault injection relies on that), with parameters as given, so EF builds nothing for them.
/// </summary>
internal static class EfPipeline
{
    public static Task<RelationalDataReader> ReadAsync(DbContext db, string sql, IReadOnlyList<DbParameter> parameters,
        CommandSource source, CancellationToken cancellationToken)
    {
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create().Append(sql);
        foreach (var parameter in parameters)
        {
            builder.AddRawParameter(parameter.ParameterName, parameter);
        }

        return builder.Build().ExecuteReaderAsync(
            new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), null, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>(), source),
            cancellationToken);
    }
}
