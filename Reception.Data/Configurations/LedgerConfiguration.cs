using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class ClientLedgerConfiguration : IEntityTypeConfiguration<ClientLedger>
{
    public void Configure(EntityTypeBuilder<ClientLedger> b) => b.HasKey(x => new { x.BranchId, x.ClientId });
}

internal sealed class MutationRecordConfiguration : IEntityTypeConfiguration<MutationRecord>
{
    public void Configure(EntityTypeBuilder<MutationRecord> b)
    {
        b.HasKey(x => new { x.BranchId, x.ClientId, x.MutationId });
        b.Property(x => x.PayloadHash).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(16);
        b.HasIndex(x => x.At);
    }
}

internal sealed class TicketCounterConfiguration : IEntityTypeConfiguration<TicketCounter>
{
    public void Configure(EntityTypeBuilder<TicketCounter> b) => b.HasKey(x => new { x.ServiceId, x.Day });
}
