package main

import (
	"fmt"
	"image/color"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// draw writes the plots and returns their file names (relative to dir).
func draw(f *Figures, dir, name string) ([]string, error) {
	var out []string
	save := func(p *plot.Plot, suffix string, w, h vg.Length) error {
		file := name + "-" + suffix + ".png"
		if err := p.Save(w, h, filepath.Join(dir, file)); err != nil {
			return fmt.Errorf("plot %s: %w", suffix, err)
		}
		out = append(out, file)
		return nil
	}
	if p, err := blockTimePlot(f); err != nil {
		return nil, err
	} else if p != nil {
		if err := save(p, "block-time", 8*vg.Inch, 5*vg.Inch); err != nil {
			return nil, err
		}
	}
	if p, err := provingPlot(f); err != nil {
		return nil, err
	} else if p != nil {
		if err := save(p, "proving", 8*vg.Inch, 4.5*vg.Inch); err != nil {
			return nil, err
		}
	}
	p, err := constraintsPlot(f)
	if err != nil {
		return nil, err
	}
	if err := save(p, "constraints", 8*vg.Inch, 4.5*vg.Inch); err != nil {
		return nil, err
	}
	return out, nil
}

// blockTimePlot: block time against users, log–log: the seed's model, ours
// with the measured constants (unbounded, 1024 and 16 workers), and the
// real planner's schedules for 1–16 users on 1 and 2 workers.
func blockTimePlot(f *Figures) (*plot.Plot, error) {
	if f.BlockTime == nil {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Block time against users"
	p.X.Label.Text = "users in the block"
	p.Y.Label.Text = "seconds"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true
	line := func(m Model, i int, dashed bool) error {
		xy := make(plotter.XYs, len(m.Users))
		for j := range m.Users {
			xy[j] = plotter.XY{X: m.Users[j], Y: m.Seconds[j]}
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		l.Color = plotutil.Color(i)
		l.Width = vg.Points(1.5)
		if dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (3M users: %.1f s)", m.Name, m.At3M), l)
		return nil
	}
	if err := line(f.BlockTime.Seed, 0, true); err != nil {
		return nil, err
	}
	for i, m := range f.BlockTime.Ours {
		if err := line(m, i+1, false); err != nil {
			return nil, err
		}
	}
	for w := 1; w <= 2; w++ {
		var xy plotter.XYs
		for _, s := range f.BlockTime.Scheduled {
			if s.Workers == w {
				xy = append(xy, plotter.XY{X: float64(s.Users), Y: s.Seconds})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xy)
		if err != nil {
			return nil, err
		}
		sc.Shape = plotutil.Shape(w - 1)
		sc.Color = color.Black
		p.Add(sc)
		p.Legend.Add(fmt.Sprintf("scheduled by the real planner, %d worker(s), the network proving end caps", w), sc)
	}
	return p, nil
}

// provingPlot: median proving time per circuit, with min–max error bars.
func provingPlot(f *Figures) (*plot.Plot, error) {
	var names []string
	var vals plotter.Values
	var errs plotter.XYs // (low, high) offsets
	for _, c := range f.Circuits {
		if c.Prove == nil {
			continue
		}
		names = append(names, shortName(c.Name))
		vals = append(vals, c.Prove.MedianSeconds)
		errs = append(errs, plotter.XY{X: c.Prove.MedianSeconds - c.Prove.MinSeconds, Y: c.Prove.MaxSeconds - c.Prove.MedianSeconds})
	}
	if len(vals) == 0 {
		return nil, nil
	}
	p := plot.New()
	p.Title.Text = "Proving time per circuit (median, min–max)"
	p.Y.Label.Text = "seconds"
	bars, err := plotter.NewBarChart(vals, vg.Points(28))
	if err != nil {
		return nil, err
	}
	bars.Color = plotutil.Color(2)
	p.Add(bars)
	eb := &plotter.YErrorBars{XYs: make(plotter.XYs, len(vals)), YErrors: make(plotter.YErrors, len(vals)), LineStyle: plotter.DefaultLineStyle, CapWidth: vg.Points(8)}
	for i := range vals {
		eb.XYs[i] = plotter.XY{X: float64(i), Y: vals[i]}
		eb.YErrors[i] = struct{ Low, High float64 }{errs[i].X, errs[i].Y}
	}
	p.Add(eb)
	p.NominalX(names...)
	return p, nil
}

// constraintsPlot: every circuit's constraints, in millions.
func constraintsPlot(f *Figures) (*plot.Plot, error) {
	var names []string
	var vals plotter.Values
	for _, c := range f.Circuits {
		names = append(names, shortName(c.Name))
		vals = append(vals, float64(c.Constraints)/1e6)
	}
	p := plot.New()
	p.Title.Text = "Constraints per circuit (millions; PLONK user circuits, Groth16 protocol circuits)"
	p.Y.Label.Text = "M constraints"
	bars, err := plotter.NewBarChart(vals, vg.Points(22))
	if err != nil {
		return nil, err
	}
	bars.Color = plotutil.Color(1)
	p.Add(bars)
	// The FFT sizes the large circuits must stay under.
	for i, k := range []int{21, 22} {
		y := float64(int(1)<<k) / 1e6
		l, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: y}, {X: float64(len(vals)) - 0.5, Y: y}})
		if err != nil {
			return nil, err
		}
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		l.Color = plotutil.Color(4 + i)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("2^%d", k), l)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = 0.6
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = -1, -0.5
	return p, nil
}

func shortName(n string) string {
	n = strings.TrimPrefix(n, "cfc/")
	n = strings.ReplaceAll(n, ".groth16", " (g16)")
	return n
}
