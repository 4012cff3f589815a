using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// The confirmation after every change in the administration ("Saved: …"): a catalog key and its
/// arguments, set before the redirect and worded in the admin's language by _Saved.cshtml on the page
/// they land on, once (a status line, read out by screen readers).
/// </summary>
internal static class AdminSaved
{
    private const string Key = "AdminSaved";
    private const string ArgsKey = "AdminSavedArgs";

    public static void Tell(ITempDataDictionary tempData, string key, params (string Name, string Value)[] args)
    {
        tempData[Key] = key;
        tempData[ArgsKey] = JsonSerializer.Serialize(args.ToDictionary(a => a.Name, a => a.Value));
    }

    public static Message? Take(ITempDataDictionary tempData) => tempData[Key] is string key
        ? new Message(key, tempData[ArgsKey] is string args
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(args)!.ToDictionary(a => a.Key, a => (object)a.Value)
            : null)
        : null;
}
