using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> b)
    {
        b.Property(x => x.Slug).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.TimeZoneId).HasMaxLength(100);
        b.Property(x => x.Language).HasMaxLength(16).HasDefaultValue(Branch.DefaultLanguage);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.PostponePlaces).HasDefaultValue(Branch.DefaultPostponePlaces).HasSentinel(-1);
        b.Property(x => x.OpeningHours).HasMaxLength(200);
        b.Property(x => x.RetentionDays).HasDefaultValue(Branch.DefaultRetentionDays).HasSentinel(-1);
        b.HasMany(x => x.Services).WithOne().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Desks).WithOne().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
    }
}
