using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;

namespace Reception.Sync.Feed;

/// <summary>
/// A branch's services or desks changed (an admin closed, reopened, added or edited one): its desks
/// get the new listing live, so a closed service's visitors are marked and a reopened one's queue
/// comes back without a reload.
/// </summary>
public sealed record CatalogChanged(Guid BranchId, string Branch, BranchListing Listing) : INotification;

/// <summary>Sent by whoever changed a branch's services or desks, after saving. Answers false when there is no such branch.</summary>
public sealed record AnnounceCatalog(Guid BranchId) : ICommand<bool>;

public sealed class AnnounceCatalogHandler(ReceptionDbContext db, BranchCatalog catalog, IPublisher publisher)
    : ICommandHandler<AnnounceCatalog, bool>
{
    public async ValueTask<bool> Handle(AnnounceCatalog command, CancellationToken cancellationToken)
    {
        // This instance's copy goes now; other instances' copies expire within seconds (the rules that
        // must hold at once, like never calling from a closed service, read the table).
        catalog.Forget(command.BranchId);
        var slug = await db.Branches.AsNoTracking().Where(b => b.Id == command.BranchId).Select(b => b.Slug).SingleOrDefaultAsync(cancellationToken);
        if (slug is null)
        {
            return false;
        }

        var listing = await BranchListings.ReadAsync(db, command.BranchId, cancellationToken);
        await publisher.Publish(new CatalogChanged(command.BranchId, slug, listing), cancellationToken);
        return true;
    }
}
