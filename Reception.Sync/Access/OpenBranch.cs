using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Wire;

namespace Reception.Sync.Access;

/// <summary>
/// Checks that the caller may follow a branch live and says where its feed stands. With no slug,
/// the caller's own branch (a desk's, or a manager's of one branch).
/// </summary>
public sealed record OpenBranch(string? Branch, Caller Caller) : IQuery<SyncReply<BranchFeed>>;

public sealed record BranchFeed(string Branch, string Name, long Version);

public sealed class OpenBranchHandler(ReceptionDbContext db, BranchAccess access) : IQueryHandler<OpenBranch, SyncReply<BranchFeed>>
{
    public async ValueTask<SyncReply<BranchFeed>> Handle(OpenBranch query, CancellationToken cancellationToken)
    {
        var slug = query.Branch;
        if (string.IsNullOrWhiteSpace(slug) && query.Caller.BranchId is { } own)
        {
            slug = await db.Branches.AsNoTracking().Where(b => b.Id == own).Select(b => b.Slug).SingleOrDefaultAsync(cancellationToken);
        }

        var (branch, problem) = await access.ResolveAsync(db, slug, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        return await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id)
            .Select(b => new BranchFeed(b.Slug, b.Name, b.FeedVersion)).SingleAsync(cancellationToken);
    }
}
