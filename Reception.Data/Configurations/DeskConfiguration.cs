using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reception.Data.Model;

namespace Reception.Data.Configurations;

internal sealed class DeskConfiguration : IEntityTypeConfiguration<Desk>
{
    public void Configure(EntityTypeBuilder<Desk> b)
    {
        b.Property(x => x.Name).HasMaxLength(100);
        b.HasMany(x => x.Services).WithMany().UsingEntity("DeskServices");
    }
}
