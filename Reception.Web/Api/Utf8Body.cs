using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Features;
using Reception.Sync.Wire;

namespace Reception.Web.Api;

/// <summary>
/// JSON is UTF-8 (RFC 8259), and a request body under /api that is not is refused as a whole with
/// a 400 that says so: System.Text.Json does not check the text it skips or keeps raw (an unknown
/// property, an action's args), so without this a stray byte is either ignored or a 500 later.
/// Checked while the body is read, chunk by chunk, so nothing is buffered twice.
/// </summary>
public static class Utf8Body
{
    private static readonly object Key = new();

    public static IApplicationBuilder UseUtf8Bodies(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
        {
            context.Request.Body = new CheckedStream(context.Request.Body, context);
        }

        return next(context);
    });

    /// <summary>What was wrong with the body, for the 400 that binding answers without a word (see <see cref="ApiProblems.WriteStatusCodeAsync"/>).</summary>
    public static ProblemDetail? RefusalOf(HttpContext context) => context.Items[Key] as ProblemDetail;

    /// <summary>
    /// Throws a 400 BadHttpRequestException at the first byte that cannot be UTF-8, as the server does
    /// for other bad bodies; binding answers it 400, and the reason is kept for the problem's detail.
    /// </summary>
    private sealed class CheckedStream(Stream inner, HttpContext context) : Stream
    {
        private readonly long? _length = context.Request.ContentLength;
        private readonly byte[] _carry = new byte[4]; // an incomplete sequence at the end of the last chunk
        private int _carried;
        private long _checked;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _checked + _carried; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Check(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Check(ReadOnlySpan<byte> chunk)
        {
            if (chunk.IsEmpty)
            {
                return _carried == 0 ? 0 : throw Invalid(_checked); // the body ends inside a sequence
            }

            // Complete the sequence the last chunk ended in, then check the rest but for its own incomplete tail.
            var head = 0;
            while (_carried > 0 && head < chunk.Length)
            {
                _carry[_carried++] = chunk[head++];
                if (Utf8.IsValid(_carry.AsSpan(0, _carried)))
                {
                    _checked += _carried;
                    _carried = 0;
                }
                else if (_carried == _carry.Length || !IsIncomplete(_carry.AsSpan(0, _carried)))
                {
                    throw Invalid(_checked);
                }
            }

            var rest = chunk[head..];
            var tail = IncompleteTail(rest);
            if (!Utf8.IsValid(rest[..^tail]))
            {
                throw Invalid(_checked + FirstInvalid(rest[..^tail]));
            }

            _checked += rest.Length - tail;
            rest[^tail..].CopyTo(_carry.AsSpan(_carried));
            _carried += tail;
            // The parser may stop at the end of the JSON and never ask for the end of the body.
            return _carried > 0 && _checked + _carried == _length ? throw Invalid(_checked) : chunk.Length;
        }

        /// <summary>How many bytes at the end start a sequence that the next chunk may complete (0–3).</summary>
        private static int IncompleteTail(ReadOnlySpan<byte> bytes)
        {
            for (var n = 1; n <= Math.Min(3, bytes.Length); n++)
            {
                var b = bytes[^n];
                if ((b & 0xC0) != 0x80)
                {
                    // A lead byte n from the end: incomplete when its sequence is longer than what follows it.
                    return b >= 0xC0 && IsIncomplete(bytes[^n..]) ? n : 0;
                }
            }

            return 0;
        }

        /// <summary>True when <paramref name="prefix"/> is the start of a well-formed sequence, not yet complete.</summary>
        private static bool IsIncomplete(ReadOnlySpan<byte> prefix) =>
            System.Text.Rune.DecodeFromUtf8(prefix, out _, out _) == System.Buffers.OperationStatus.NeedMoreData;

        private static long FirstInvalid(ReadOnlySpan<byte> bytes)
        {
            var at = 0;
            while (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) == System.Buffers.OperationStatus.Done)
            {
                at += used;
            }

            return at;
        }

        private BadHttpRequestException Invalid(long at)
        {
            var why = ProblemDetail.Of(ProblemDetailCodes.BodyNotUtf8, ("at", at));
            context.Items[Key] = why;
            return new BadHttpRequestException(why.English, StatusCodes.Status400BadRequest);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
