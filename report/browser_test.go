package report

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/regdiff/regdiff/registry"
)

// The browser test renders the page in headless Chromium, as a person
// would open it from disk, and looks at the pixels. CI installs Debian's
// chromium (.ci/run); elsewhere the test skips without one, but never when
// CI is set: there a missing browser is a failure, not a pass.

const (
	shotWidth, shotHeight = 1200, 1600 // the maps, the changes and some rows by kind
)

// chromium finds the browser: $CHROMIUM, else chromium or chromium-browser
// on the PATH.
func chromium(t *testing.T) string {
	t.Helper()
	names := []string{"chromium", "chromium-browser"}
	if c := os.Getenv("CHROMIUM"); c != "" {
		names = []string{c}
	}
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no chromium on the PATH, and CI is set: .ci/run installs Debian's chromium")
	}
	t.Skip("no chromium on the PATH (CI installs one; apt-get install chromium to run this here)")
	return ""
}

// screenshot renders the HTML file at path to a PNG and decodes it.
func screenshot(t *testing.T, browser, path string) image.Image {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The flags keep the browser off the network (this machine's and CI's
	// is closed: without them it tries, and waits) and out of the user's
	// profile; one process instead of a zygote, a renderer, a GPU and a
	// network process takes 1.8 s of CPU instead of 3.2.
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--single-process", "--no-zygote", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--user-data-dir="+filepath.Join(dir, "profile"), "--hide-scrollbars",
		"--force-device-scale-factor=1", fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight),
		"--screenshot="+shot, "file://"+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("%s wrote no screenshot: %v\n%s", browser, err, out)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestPagePaints checks that in the browser the map of all ports shows
// every status's color, and that the charts are drawn.
func TestPagePaints(t *testing.T) {
	t.Parallel()
	browser := chromium(t)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, renderPage(t, testOverview(t, debianFile)), 0o644); err != nil {
		t.Fatal(err)
	}
	img := screenshot(t, browser, path)
	if b := img.Bounds(); b.Dx() != shotWidth || b.Dy() != shotHeight {
		t.Fatalf("screenshot is %v, want %dx%d", b, shotWidth, shotHeight)
	}
	if os.Getenv("REGDIFF_KEEP_SHOT") != "" {
		keep(t, img)
	}

	// The map of all ports ends with the dynamic range: whole grey grid
	// rows, much wider than the legend's swatch. Its widest grey run is
	// the map's width, and the map is square.
	grey := rgb(CellColors[CellDynamic])
	var left, right, bottom, width int
	for y := range shotHeight {
		x0, n := longestRun(img, y, grey)
		if n > width {
			left, right, width = x0, x0+n-1, n
		}
		if n == width && n > 0 {
			bottom = y
		}
	}
	if width < 256 {
		t.Fatalf("no map of all ports: the longest run of the dynamic range's grey is %d pixels", width)
	}
	mapArea := image.Rect(left, bottom-width+1, right+1, bottom+1)
	t.Logf("map of all ports at %v", mapArea)
	for _, c := range Cells {
		if n := count(img, mapArea, rgb(CellColors[c])); n == 0 {
			t.Errorf("no pixel of %s (%s) in the map of all ports", c, CellColors[c])
		}
	}

	// The charts are drawn on a plot background no map uses: below the
	// map, their region (the rows where much of it shows) holds the marks
	// of the data.
	plot := rgb("#f6f6f2")
	charts := image.Rectangle{}
	for y := mapArea.Max.Y; y < shotHeight; y++ {
		row := image.Rect(0, y, shotWidth, y+1)
		if count(img, row, plot) < 100 {
			continue
		}
		for x := range shotWidth {
			if same(img.At(x, y), plot) {
				charts = charts.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if charts.Dx() < 300 || charts.Dy() < 200 {
		t.Fatalf("no charts: the plot background covers %v", charts)
	}
	t.Logf("charts at %v", charts)
	ink := 0
	for y := charts.Min.Y; y < charts.Max.Y; y++ {
		for x := charts.Min.X; x < charts.Max.X; x++ {
			if c := img.At(x, y); !same(c, plot) && !same(c, rgb("#ffffff")) && !same(c, rgb("#d8d8d0")) {
				ink++
			}
		}
	}
	if share := float64(ink) / float64(charts.Dx()*charts.Dy()); share < 0.01 {
		t.Errorf("the charts' region is blank: %.2f%% of it is drawn", 100*share)
	}
	for _, k := range []struct{ what, color string }{{"added bars", changeColors[0].Color}, {"assigned rows line", kindColors[registry.Assigned]}} {
		if n := count(img, charts, rgb(k.color)); n < 20 {
			t.Errorf("%d pixels of the %s (%s) in the charts", n, k.what, k.color)
		}
	}
}

func rgb(hex string) color.RGBA {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// same compares colors, allowing the rounding of a color profile.
func same(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d >= -3 && d <= 3 }
	return near(r, want.R) && near(g, want.G) && near(b, want.B)
}

func longestRun(img image.Image, y int, c color.RGBA) (x0, n int) {
	run := 0
	for x := range img.Bounds().Dx() {
		if same(img.At(x, y), c) {
			run++
			if run > n {
				x0, n = x-run+1, run
			}
		} else {
			run = 0
		}
	}
	return x0, n
}

func count(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if same(img.At(x, y), c) {
				n++
			}
		}
	}
	return n
}

// keep saves the screenshot as REGDIFF_KEEP_SHOT names.
func keep(t *testing.T, img image.Image) {
	f, err := os.Create(os.Getenv("REGDIFF_KEEP_SHOT"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
