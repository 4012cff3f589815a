using System.Text.Json.Serialization;

namespace Reception.Bench.Suite.Desk;

/// <summary>
/// The stopwatch inside the page: from a click's <c>event.timeStamp</c> (when the browser made the
/// event, in the clock of <c>performance.now()</c>) to the first animation frame after the page shows
/// what the click should have changed. Playwright's own round trips never count.
/// </summary>
/// <remarks>
/// How one click is timed:
/// - <c>__clickTimer.arm(expect)</c> before the click: a capturing click listener on the window (so
///   it runs before the page's own handlers) notes the time, and a MutationObserver on the document
///   checks <c>expect</c> after every change from then on;
/// - once it holds, a <c>requestAnimationFrame</c> callback reads the clock: the frame that paints it
///   has begun;
/// - <c>__clickTimer.result</c>, awaited after the click, answers the milliseconds (<c>total</c>, and
///   <c>shown</c>, until the DOM held it: the rest is the wait for the frame), or fails after 10 s.
/// <c>expect</c> is <c>{ selector, text?, present }</c>: some element matching <c>selector</c> (with
/// exactly that text, when given) exists, or, with <c>present: false</c>, none does.
/// The baseline is the same page's plain DOM change: a click on a visitor's name toggles the class
/// <c>bench-mark</c> on its card, from a bubbling listener on the desk's root as the page's own are.
/// </remarks>
internal static class ClickTimer
{
    public const string Install = """
        () => {
          if (window.__clickTimer) return;
          document.getElementById('desk').addEventListener('click', e => {
            if (!window.__clickTimer.baseline) return;
            const card = e.target.closest('[data-visit-id]');
            if (card && e.target.closest('.name')) card.classList.toggle('bench-mark');
          });
          const holds = expect => {
            const nodes = [...document.querySelectorAll(expect.selector)];
            const found = expect.text == null ? nodes.length > 0 : nodes.some(n => n.textContent === expect.text);
            return found === expect.present;
          };
          window.__clickTimer = {
            baseline: false,
            result: null,
            arm(expect) {
              let clickedAt = null;
              let observer = null;
              this.result = new Promise((resolve, reject) => {
                const timeout = setTimeout(() => {
                  observer.disconnect();
                  reject(new Error(`not shown within 10 s: ${JSON.stringify(expect)} (clicked: ${clickedAt != null})`));
                }, 10_000);
                observer = new MutationObserver(() => {
                  if (clickedAt == null || !holds(expect)) return;
                  observer.disconnect();
                  clearTimeout(timeout);
                  const shown = performance.now() - clickedAt;
                  requestAnimationFrame(() => resolve({ total: performance.now() - clickedAt, shown }));
                });
                observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
              });
              addEventListener('click', e => { clickedAt = e.timeStamp; }, { capture: true, once: true });
            },
          };
        }
        """;

    public const string Arm = "expect => window.__clickTimer.arm(expect)";

    public const string Result = "() => window.__clickTimer.result";

    public const string Baseline = "() => { window.__clickTimer.baseline = true; }";

    /// <summary>One click's delay in ms: until the frame began (<see cref="Total"/>), and until the DOM showed it.</summary>
    public sealed class Delay
    {
        [JsonPropertyName("total")]
        public double Total { get; init; }

        [JsonPropertyName("shown")]
        public double Shown { get; init; }
    }
}
