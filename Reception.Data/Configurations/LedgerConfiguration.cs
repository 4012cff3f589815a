using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class ClientLedgerConfiguration : IEntityTypeConfiguration<ClientLedger>
{
    public void Configure(EntityTypeBuilder<ClientLedger> b) => b.HasKey(x => new { x.BranchId, x.ClientId });
}

internal sealed class ClientOwnerConfiguration : IEntityTypeConfiguration<ClientOwner>
{
    public void Configure(EntityTypeBuilder<ClientOwner> b)
    {
        b.HasKey(x => x.ClientId);
        b.Property(x => x.Owner).HasMaxLength(300);
    }
}

internal sealed class MutationRecordConfiguration : IEntityTypeConfiguration<MutationRecord>
{
    public void Configure(EntityTypeBuilder<MutationRecord> b)
    {
        b.HasKey(x => new { x.BranchId, x.ClientId, x.MutationId });
        b.Property(x => x.PayloadHash).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.By).HasMaxLength(256);
        b.HasIndex(x => x.At);

        // The managers' list of today's conflicts of a branch.
        b.HasIndex(x => new { x.BranchId, x.Status, x.At });
    }
}

internal sealed class TicketCounterConfiguration : IEntityTypeConfiguration<TicketCounter>
{
    public void Configure(EntityTypeBuilder<TicketCounter> b) => b.HasKey(x => new { x.ServiceId, x.Day });
}

internal sealed class TicketLeaseConfiguration : IEntityTypeConfiguration<TicketLease>
{
    public void Configure(EntityTypeBuilder<TicketLease> b) => b.HasIndex(x => new { x.ClientId, x.ServiceId, x.Day });
}

internal sealed class InboxItemConfiguration : IEntityTypeConfiguration<InboxItem>
{
    public void Configure(EntityTypeBuilder<InboxItem> b)
    {
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.HasIndex(x => new { x.BranchId, x.ClientId, x.MutationId }).IsUnique();
        b.HasIndex(x => x.Status);
    }
}
