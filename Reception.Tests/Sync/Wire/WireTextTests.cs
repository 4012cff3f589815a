using System.Text;
using System.Text.Json;
using Reception.Sync.Wire;

namespace Reception.Tests.Sync.Wire;

/// <summary>Text in args that is not Unicode becomes U+FFFD at the boundary, and nothing else changes (pure).</summary>
public class WireTextTests
{
    private static string Repaired(string json) => Encoding.UTF8.GetString(WireText.Repaired(Encoding.UTF8.GetBytes(json))!);

    [Theory]
    [InlineData("""{"name":"Ada"}""")]
    [InlineData("""{"name":"Zoë 王 😀 \ud83d\ude00 \u00e9 \n \\ud800 \\\\"}""")] // a whole pair; an escaped backslash before "ud800" is text
    [InlineData("""{"notes":null,"n":[1,{"x":"\"\\\/"}]}""")]
    public void WellFormedTextIsLeftAlone(string json) => Assert.Null(WireText.Repaired(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"name":"\ud800"}""", """{"name":"\ufffd"}""")]
    [InlineData("""{"name":"A\udc00B"}""", """{"name":"A\ufffdB"}""")]
    [InlineData("""{"name":"\ude00\ud83d"}""", """{"name":"\ufffd\ufffd"}""")] // a pair the wrong way round
    [InlineData("""{"name":"\ud83d\ude00\ud83d"}""", """{"name":"\ud83d\ude00\ufffd"}""")]
    [InlineData("""{"\uDBFFkey":"\\\ud800"}""", """{"\ufffdkey":"\\\ufffd"}""")] // in a property name; after an escaped backslash
    [InlineData("""{"name":"\ud800\u0041"}""", """{"name":"\ufffd\u0041"}""")]
    public void AnEscapedHalfOfASurrogatePairBecomesTheReplacementCharacter(string json, string repaired) =>
        Assert.Equal(repaired, Repaired(json));

    [Fact]
    public void BytesThatAreNotUtf8BecomeTheReplacementCharacter()
    {
        byte[] json = [.. "{\"name\":\"A"u8, 0xFF, 0xC3, .. "\",\"phone\":\"\\ud800"u8, 0xE2, 0x82, .. "\"}"u8];

        var repaired = JsonDocument.Parse(WireText.Repaired(json)).RootElement;

        Assert.Equal("A\uFFFD\uFFFD", repaired.GetProperty("name").GetString());
        Assert.Equal("\uFFFD\uFFFD", repaired.GetProperty("phone").GetString());
    }

    [Fact]
    public void AnActionIsCopiedOnlyWhenItsArgsNeededRepair()
    {
        var good = new SyncAction { Type = "register", Args = JsonDocument.Parse("""{"name":"Ada"}""").RootElement };
        var broken = good with { Args = JsonDocument.Parse("""{"name":"Ada\udfff","priority":1}""").RootElement };

        Assert.Same(good, WireText.Readable(good));
        var readable = WireText.Readable(broken);
        Assert.Equal("Ada\uFFFD", readable.Args!.Value.GetProperty("name").GetString());
        Assert.Equal(1, readable.Args.Value.GetProperty("priority").GetInt32());
        Assert.Equal(WireJson.PayloadHash(readable), WireJson.PayloadHash(WireText.Readable(broken))); // a re-send is still a duplicate
    }
}
