using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Reception.Sync.Wire;

/// <summary>
/// Text in an action's args that is not Unicode: bytes that are not UTF-8 (a hub message sent by
/// long polling reaches the server unchecked) or an escaped half of a surrogate pair ("\ud800",
/// which JSON allows). System.Text.Json refuses to read such a string and to write it again, so one
/// of them would make its action impossible to hash, store or parse: a 500, or a hub error the
/// desk retries for ever. So at the boundary each broken piece becomes U+FFFD, as a decoder would
/// make it; the action then goes through the pipeline like any other and is answered rejected by
/// the field that holds it (<see cref="Apply.PlainText"/>). Pure.
/// </summary>
public static class WireText
{
    /// <summary>The action itself when its args are well-formed text; otherwise a copy with each broken piece replaced.</summary>
    public static SyncAction Readable(SyncAction action) =>
        action.Args is { } args && Repaired(JsonMarshal.GetRawUtf8Value(args)) is { } repaired
            ? action with { Args = JsonDocument.Parse(repaired).RootElement.Clone() }
            : action;

    /// <summary>Null when every string in <paramref name="json"/> is well-formed; otherwise the JSON with U+FFFD for each broken piece.</summary>
    public static byte[]? Repaired(ReadOnlySpan<byte> json)
    {
        var valid = Utf8.IsValid(json);
        if (valid && NextBrokenEscape(json, 0) < 0)
        {
            return null;
        }

        // Not UTF-8: decoding replaces each ill-formed sequence with U+FFFD (outside strings the reader would have refused them).
        var utf8 = valid ? json.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json));
        var output = new ArrayBufferWriter<byte>(utf8.Length);
        var from = 0;
        for (var at = NextBrokenEscape(utf8, 0); at >= 0; at = NextBrokenEscape(utf8, from))
        {
            output.Write(utf8.AsSpan(from, at - from));
            output.Write(@"\ufffd"u8);
            from = at + 6;
        }

        output.Write(utf8.AsSpan(from));
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Where the next escaped surrogate without its other half starts (at or after <paramref name="start"/>), or -1.</summary>
    private static int NextBrokenEscape(ReadOnlySpan<byte> json, int start)
    {
        // The reader has checked the escapes' syntax: a backslash is followed by one character, or by u and four hex digits.
        for (var i = Find(json, start); i >= 0; )
        {
            if (json[i + 1] != 'u')
            {
                i = Find(json, i + 2);
                continue;
            }

            var unit = Hex(json.Slice(i + 2, 4));
            if (unit is >= 0xD800 and <= 0xDBFF && i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && Hex(json.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF)
            {
                i = Find(json, i + 12); // a whole pair
                continue;
            }

            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                return i;
            }

            i = Find(json, i + 6);
        }

        return -1;
    }

    private static int Find(ReadOnlySpan<byte> json, int start) =>
        start >= json.Length ? -1 : json[start..].IndexOf((byte)'\\') is var i and >= 0 ? start + i : -1;

    private static int Hex(ReadOnlySpan<byte> four)
    {
        var value = 0;
        foreach (var b in four)
        {
            value = value * 16 + (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        }

        return value;
    }
}
