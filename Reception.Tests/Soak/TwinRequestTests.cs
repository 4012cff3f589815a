using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>
/// The smallest reproduction of what the soak found: the same batch sent twice at once (a desk
/// re-sending after a lost answer, through another instance, while the first send is still being
/// applied) must answer both sends with the result or its duplicate, never an error.
/// </summary>
public abstract class TwinRequestTests(ReceptionApp app)
{
    protected async Task SendTheSameBatchTwiceAtOnceAsync()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var failures = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var action = desk.Register(Guid.NewGuid(), branch.General, $"Twin {i}");
            var twins = await Task.WhenAll(SendAsync(branch, desk, action), SendAsync(branch, desk, action));
            failures.AddRange(twins.OfType<string>().Select(f => $"mutation {action.MutationId}: {f}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var feed = await desk.PullAsync(0);
        Assert.Equal(40, feed.ToVersion);
    }

    /// <summary>Null when answered applied or duplicate; otherwise what went wrong.</summary>
    private async Task<string?> SendAsync(TestBranch branch, TestClient desk, SyncAction action)
    {
        await Task.Yield();
        try
        {
            var reply = await app.SendAsync(new PushActions(branch.Slug, [action], desk.Caller));
            var status = reply.Value?.Results.Single().Status;
            return status is ResultStatus.Applied or ResultStatus.Duplicate or ResultStatus.Deferred ? null : $"answered {status}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.InnerException?.Message ?? e.Message}";
        }
    }
}

public sealed class SqliteTwinRequestTests(SqliteAppFixture fixture)
    : TwinRequestTests(fixture.App), IClassFixture<SqliteAppFixture>
{
    [Fact]
    public Task TheSameBatchSentTwiceAtOnceIsAnsweredTwiceAndAppliedOnce() => SendTheSameBatchTwiceAtOnceAsync();
}

public sealed class PostgresTwinRequestTests(PostgresAppFixture fixture)
    : TwinRequestTests(fixture.App), IClassFixture<PostgresAppFixture>
{
    [Fact]
    public Task TheSameBatchSentTwiceAtOnceIsAnsweredTwiceAndAppliedOnce() => SendTheSameBatchTwiceAtOnceAsync();
}
