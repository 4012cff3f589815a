namespace Reception.Web.Infrastructure;

public static class WebRoot
{
    /// <summary>
    /// The top-level wwwroot/ when running from a checkout (dotnet run, tests); a wwwroot beside
    /// the app when it has been published with one.
    /// </summary>
    public static string? Locate()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Reception.sln")) || Directory.Exists(Path.Combine(dir.FullName, "wwwroot", "css")))
                {
                    var root = Path.Combine(dir.FullName, "wwwroot");
                    if (Directory.Exists(root)) return root;
                }
            }
        }

        return null;
    }
}
