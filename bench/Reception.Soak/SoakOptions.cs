namespace Reception.Soak;

/// <summary>Command-line options: --seconds, --seed, --desks, --settle, --web-dll, --strict-server-errors.</summary>
internal sealed record SoakOptions(int Seconds, int Seed, int Desks, int SettleSeconds, string WebDll, bool StrictServerErrors)
{
    public static SoakOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var dll = Value("--web-dll") ?? FindWebDll();
        return new SoakOptions(
            int.Parse(Value("--seconds") ?? "60"),
            int.Parse(Value("--seed") ?? "1"),
            int.Parse(Value("--desks") ?? "6"),
            int.Parse(Value("--settle") ?? "90"),
            dll,
            args.Contains("--strict-server-errors"));
    }

    /// <summary>Reception.Web.dll of the same configuration, beside this project in the repository.</summary>
    private static string FindWebDll()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var repository = framework.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "Reception.Web", "bin", configuration, framework.Name, "Reception.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Reception.Web.dll not found at {dll}: build the solution, or pass --web-dll.");
    }
}
