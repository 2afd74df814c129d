package io.sparkgan.report;

import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page: CSS inline, every picture a data: URI, one inline script and nothing fetched,
 * so the file opens from disk, mailed or archived, with no network. All text passes through {@link #escape}.
 */
final class HtmlPage {
    /** Width of each sample picture on the page: 2-D scatters (600 px) shrink to it, image grids grow. */
    static final int SAMPLE_WIDTH_PX = 360;
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5em 2em;
                   color: #222; background: #fff; max-width: 1600px; }
            h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
            nav a { margin-right: 1em; } .note { color: #555; }
            .warning { background: #fff3cd; border: 1px solid #e0c36c; padding: 0.5em 1em; }
            table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: 0.25em 0.8em; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            .grid { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
            figure { margin: 0; } figcaption { font-size: 0.9em; color: #444; text-align: center; }
            .samples img { width: %dpx; height: auto; border: 1px solid #ddd; }
            .samples img.upscaled { image-rendering: pixelated; } .samples img.halved { width: auto; }
            pre { background: #f6f6f6; border: 1px solid #ddd; padding: 1em; overflow-x: auto; font-size: 0.85em; }
            """.formatted(SAMPLE_WIDTH_PX);
    /**
     * A self-check that needs no network: once every picture has been decoded (window load), the body states
     * how many decoded (naturalWidth > 0) out of how many, and a banner shows when any did not.
     * The tests read these attributes from the page as headless Chromium rendered it.
     */
    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              document.body.setAttribute('data-images-loaded', String(loaded));
              document.body.setAttribute('data-images-total', String(images.length));
              if (loaded < images.length) {
                var banner = document.createElement('p');
                banner.className = 'warning';
                banner.textContent = (images.length - loaded) + ' of ' + images.length + ' pictures could not be decoded.';
                document.body.insertBefore(banner, document.body.firstChild);
              }
            });
            """;

    /** A picture with its alt text and caption; {@code cssClass} may be null. */
    record Figure(String alt, String caption, byte[] png, String cssClass) {

        Figure(String alt, String caption, byte[] png) {
            this(alt, caption, png, null);
        }
    }

    /** A table row: a name and its value; {@code numeric} right-aligns it, {@code full} is the exact value on hover. */
    record Row(String name, String value, String full, boolean numeric) {
    }

    private final String title;
    private final StringBuilder body = new StringBuilder();

    HtmlPage(String title) {
        this.title = title;
    }

    HtmlPage heading(int level, String id, String text) {
        body.append("<h").append(level).append(id == null ? "" : " id=\"" + escape(id) + "\"").append('>')
                .append(escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    HtmlPage paragraph(String cssClass, String text) {
        body.append("<p").append(cssClass == null ? "" : " class=\"" + escape(cssClass) + "\"").append('>')
                .append(escape(text)).append("</p>\n");
        return this;
    }

    /** A link to the element with {@code id} on the same page. */
    record Link(String id, String label) {
    }

    HtmlPage navigation(List<Link> links) {
        body.append("<nav>");
        for (Link link : links) {
            body.append("<a href=\"#").append(escape(link.id())).append("\">").append(escape(link.label())).append("</a>");
        }
        body.append("</nav>\n");
        return this;
    }

    /** Pictures side by side, wrapping; {@code cssClass} styles the group. */
    HtmlPage figures(String cssClass, List<Figure> figures) {
        body.append("<div class=\"grid ").append(escape(cssClass)).append("\">\n");
        for (Figure f : figures) {
            body.append("<figure><img alt=\"").append(escape(f.alt()))
                    .append(f.cssClass() == null ? "" : "\" class=\"" + escape(f.cssClass()))
                    .append("\" src=\"").append(dataUri(f.png())).append("\">");
            if (f.caption() != null) {
                body.append("<figcaption>").append(escape(f.caption())).append("</figcaption>");
            }
            body.append("</figure>\n");
        }
        body.append("</div>\n");
        return this;
    }

    HtmlPage table(String id, String nameHeader, String valueHeader, List<Row> rows) {
        body.append("<table id=\"").append(escape(id)).append("\">\n<thead><tr><th>").append(escape(nameHeader))
                .append("</th><th>").append(escape(valueHeader)).append("</th></tr></thead>\n<tbody>\n");
        for (Row r : rows) {
            body.append("<tr><th scope=\"row\">").append(escape(r.name())).append("</th><td")
                    .append(r.numeric() ? " class=\"number\"" : "")
                    .append(r.full() == null ? "" : " title=\"" + escape(r.full()) + "\"").append('>')
                    .append(escape(r.value())).append("</td></tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    HtmlPage preformatted(String id, String text) {
        body.append("<pre id=\"").append(escape(id)).append("\">").append(escape(text)).append("</pre>\n");
        return this;
    }

    String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n"
                + "<script>\n" + SCRIPT + "</script>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /** Text as HTML text or attribute value: the five characters that HTML gives a meaning escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
