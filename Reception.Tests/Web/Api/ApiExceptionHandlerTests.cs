using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Reception.Tests.Infrastructure;
using Reception.Web.Api;

namespace Reception.Tests.Web.Api;

public sealed class ApiExceptionHandlerTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Fact]
    public async Task ATransientDatabaseFailureIs503WithRetryAfterSoThatTheClientSendsTheSameBatchAgain()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider, Response = { Body = new MemoryStream() } };
        var handler = new ApiExceptionHandler(scope.ServiceProvider.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ApiExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, new InvalidOperationException("wrapped", new TimeoutException()), ApiHttp.Timeout());

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Contains("duplicates", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnythingElseIsLeftToTheFrameworksGeneric500()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var handler = new ApiExceptionHandler(scope.ServiceProvider.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ApiExceptionHandler>.Instance);

        Assert.False(await handler.TryHandleAsync(context, new InvalidOperationException("a bug"), ApiHttp.Timeout()));
    }
}
