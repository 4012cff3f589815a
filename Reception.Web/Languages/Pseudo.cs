using System.Text;

namespace Reception.Web.Languages;

/// <summary>
/// The pseudo-locale's text, made from English: [brackets] round it (so a test sees where each text
/// begins and ends), letters accented (so a font or encoding that loses them shows), and ~40% longer
/// in short words that can wrap (so a box too small for German shows). {placeholders} are kept.
/// </summary>
public static class Pseudo
{
    private const string Plain = "aeiouyAEIOUYcnszCNSZ";
    private const string Accented = "áéíóúýÁÉÍÓÚÝçñšžÇÑŠŽ";

    public static string Of(string english)
    {
        var text = new StringBuilder("[", english.Length * 2);
        var inPlaceholder = false;
        foreach (var c in english)
        {
            inPlaceholder = c == '{' || (inPlaceholder && c != '}');
            var i = inPlaceholder ? -1 : Plain.IndexOf(c);
            text.Append(i < 0 ? c : Accented[i]);
        }

        for (var extra = (int)Math.Ceiling(english.Length * 0.4); extra > 0; extra -= 4)
        {
            text.Append(' ').Append('~', Math.Min(extra, 3));
        }

        return text.Append(']').ToString();
    }
}
