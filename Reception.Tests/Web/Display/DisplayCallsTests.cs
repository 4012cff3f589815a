using Reception.Web.Display;

namespace Reception.Tests.Web.Display;

public sealed class DisplayCallsTests
{
    private static readonly DateTime At = new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void TheBoardShowsEachVisitOnceByItsLatestCallNewestFirst()
    {
        Guid ada = Guid.NewGuid(), alan = Guid.NewGuid();
        DisplayCall[] calls =
        [
            new(1, DisplayCalls.Called, ada, "A-001", "Desk 1", At),
            new(2, DisplayCalls.Called, alan, "A-002", "Desk 2", At),
            new(3, DisplayCalls.Recalled, ada, "A-001", "Desk 1", At),
            new(4, DisplayCalls.Called, null, "B-001", "Desk 3", At),
            new(5, DisplayCalls.Called, null, "B-002", "Desk 3", At),
        ];

        var board = DisplayCalls.Latest(calls, 3);

        Assert.Equal([5L, 4L, 3L], board.Select(c => c.Id));
        Assert.Equal(DisplayCalls.Recalled, board[2].Kind);
    }
}
