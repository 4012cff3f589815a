using Microsoft.AspNetCore.DataProtection;
using Reception.Data;

namespace Reception.Web.Infrastructure;

public static class KeyRingExtensions
{
    /// <summary>
    /// Names the key ring's purposes; without it ASP.NET Core uses the content root path, and two
    /// instances installed in different folders could not read each other's cookies even with one ring.
    /// </summary>
    public const string ApplicationName = "Reception";

    /// <summary>
    /// The Data Protection keys that sign-in cookies and anti-forgery tokens are protected with, kept
    /// in the database (the <c>DataProtectionKeys</c> table) rather than under the home folder: every
    /// instance on that database, on any host, reads what another issued, and nothing needs a shared
    /// volume. The embedded SQLite mode does the same: its keys live and move with <c>reception.db</c>.
    /// </summary>
    public static WebApplicationBuilder AddReceptionKeyRing(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ReceptionDbContext>();
        return builder;
    }
}
