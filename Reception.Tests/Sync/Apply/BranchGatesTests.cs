using Reception.Sync.Apply;

namespace Reception.Tests.Sync.Apply;

/// <summary>The in-process wait for a branch's apply turn: one at a time per branch, branches apart, and never longer than its bound.</summary>
public sealed class BranchGatesTests
{
    [Fact]
    public async Task OneTurnPerBranchAtATimeOthersBranchesAreNotHeldAndAWaitThatRunsOutGoesOnWithoutATurn()
    {
        var gates = new BranchGates();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();

        var first = await gates.EnterAsync(a, CancellationToken.None);
        Assert.True(first.Held);

        // Another branch is not held up by the first's turn.
        using (var other = await gates.EnterAsync(b, CancellationToken.None))
        {
            Assert.True(other.Held);
        }

        // A second of the same branch waits while the first holds its turn, and gets it when the first ends.
        var second = gates.EnterAsync(a, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);
        first.Dispose();
        using (var turn = await second)
        {
            Assert.True(turn.Held);

            // While that turn is held, a third waits its bound out and goes on without a turn (the database's lock decides).
            var started = DateTime.UtcNow;
            using var third = await gates.EnterAsync(a, CancellationToken.None);
            Assert.False(third.Held);
            Assert.True(DateTime.UtcNow - started >= BranchGates.MaxWait - TimeSpan.FromMilliseconds(50));
        }

        // A turn given up is not released twice: the branch has exactly one turn again.
        using var again = await gates.EnterAsync(a, CancellationToken.None);
        Assert.True(again.Held);
        var waiting = gates.EnterAsync(a, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        using var late = await waiting;
        Assert.False(late.Held);
    }

    [Fact]
    public async Task AWaitForATurnEndsWhenItsRequestIsCancelled()
    {
        var gates = new BranchGates();
        var branch = Guid.NewGuid();
        using var held = await gates.EnterAsync(branch, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gates.EnterAsync(branch, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
