using Microsoft.AspNetCore.Http.Features;

namespace Reception.Web.Api;

/// <summary>The most bytes an endpoint reads from a request body; beyond it the answer is 413.</summary>
public sealed record MaxBodySize(long Bytes);

public static class BodyLimit
{
    /// <summary>
    /// Enforced before the body is bound, on every server: a declared Content-Length over the limit
    /// is refused unread; otherwise the server's own limit is lowered (Kestrel) or, where a server
    /// has none (the test server), the body stream stops at the limit.
    /// </summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new MaxBodySize(bytes));
        builder.Finally(endpoint =>
        {
            var next = endpoint.RequestDelegate ?? throw new InvalidOperationException("The endpoint has no request delegate.");
            endpoint.RequestDelegate = context =>
            {
                if (context.Request.ContentLength > bytes)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return Task.CompletedTask;
                }

                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
                {
                    server.MaxRequestBodySize = bytes;
                }
                else
                {
                    context.Request.Body = new LimitedStream(context.Request.Body, bytes);
                }

                return next(context);
            };
        });
        return builder;
    }

    /// <summary>Throws what Kestrel throws past its limit, so that binding answers 413 the same way.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            _read += n;
            return _read > limit
                ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
                : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
