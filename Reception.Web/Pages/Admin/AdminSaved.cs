using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// "Saved: …" after every change in the administration: set before the redirect, shown once by
/// _Saved.cshtml on the page the admin lands on (a status line, read out by screen readers).
/// </summary>
internal static class AdminSaved
{
    private const string Key = "AdminSaved";

    public static void Tell(ITempDataDictionary tempData, string what) => tempData[Key] = what;

    public static string? Take(ITempDataDictionary tempData) => tempData[Key] as string;
}
