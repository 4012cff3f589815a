using QRCoder;
using Reception.Sync.Visitors;
using Reception.Web.Auth;
using Reception.Web.Live;

namespace Reception.Web.Visitors;

public static class VisitorExtensions
{
    public const string HubPath = "/hubs/visitor";

    /// <summary>The visitors' status pages: their hub's watchers and the refresher that keeps them live.</summary>
    public static WebApplicationBuilder AddReceptionVisitors(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VisitorWatchers>();
        builder.Services.AddSingleton<VisitorStatusCache>();
        builder.Services.AddSingleton(sp => new VisitorRefresher(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<Microsoft.AspNetCore.SignalR.IHubContext<VisitorHub, IVisitorClient>>(),
            sp.GetRequiredService<VisitorWatchers>(),
            everyBranch: RedisConnection.OptionsFrom(builder.Configuration) is not null,
            sp.GetRequiredService<ILogger<VisitorRefresher>>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapReceptionVisitors(this IEndpointRouteBuilder app)
    {
        app.MapHub<VisitorHub>(HubPath);

        // For staff: the QR code a desk shows (or prints) so a visitor can open their status page.
        app.MapGet("/v/{code}/qr.svg", (string code, HttpRequest request) =>
                VisitCodes.LooksValid(code)
                    ? Results.Text(Svg(LinkTo(request, code)), "image/svg+xml")
                    : Results.NotFound())
            .RequireAuthorization(AuthExtensions.ApiPolicy)
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The status page's absolute address, as the visitor's phone must open it.</summary>
    public static string LinkTo(HttpRequest request, string code) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/v/{Uri.EscapeDataString(code)}";

    /// <summary>A QR code of <paramref name="text"/> as SVG that scales to its box (the status page's, the join poster's).</summary>
    public static string Svg(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
