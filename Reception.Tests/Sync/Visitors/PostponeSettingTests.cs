using Reception.Sync.Visitors;

namespace Reception.Tests.Sync.Visitors;

/// <summary>How far "a few more minutes" moves a visitor, as an admin types it: 0 to 20 places, anything else refused in words.</summary>
public sealed class PostponeSettingTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData(" 3 ", 3)]
    [InlineData("20", 20)]
    public void AWholeNumberFromZeroToTheMostIsTaken(string typed, int places) =>
        Assert.Equal((places, (string?)null), PostponeSetting.Parse(typed));

    [Theory]
    [InlineData(null, "Type how many places")]
    [InlineData("", "Type how many places")]
    [InlineData("21", "\"21\" is not a number of places from 0 (not offered) to 20.")]
    [InlineData("-1", "\"-1\" is not a number")]
    [InlineData("2.5", "\"2.5\" is not a number")]
    [InlineData("99999999999999999999", "\"999999999999…\" is not a number")]
    [InlineData("three", "\"three\" is not a number")]
    public void AnythingElseIsRefusedWithASentence(string? typed, string says)
    {
        var (places, error) = PostponeSetting.Parse(typed);

        Assert.Null(places);
        Assert.Contains(says, error);
    }
}
