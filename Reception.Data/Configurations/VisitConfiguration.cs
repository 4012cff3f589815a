using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.Property(x => x.Ticket).HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Phone).HasMaxLength(40);
        b.Property(x => x.Notes).HasMaxLength(2000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(16).HasDefaultValue(VisitChannel.Desk).HasSentinel((VisitChannel)(-1));
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Desk>().WithMany().HasForeignKey(x => x.DeskId).OnDelete(DeleteBehavior.Restrict);

        // callNext and the queue read: open visits of a branch in queue order.
        b.HasIndex(x => new { x.BranchId, x.Status, x.Priority, x.ArrivedAt });

        // The dashboard: a branch's visits that arrived today.
        b.HasIndex(x => new { x.BranchId, x.ArrivedAt });

        // Is a leased ticket still free today?
        b.HasIndex(x => new { x.BranchId, x.TicketDay, x.Ticket });

        // The retention job: a branch's visits of past days it has not redacted yet.
        b.HasIndex(x => new { x.BranchId, x.RedactedAt, x.TicketDay });

        // The visitor's status page finds its visit by code, and no two visits share one.
        b.HasIndex(x => x.Code).IsUnique();
    }
}
