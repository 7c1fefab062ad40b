# levekar chart: run with gnuplot FILE.gp (edit freely).
reset
set terminal pdfcairo size 16cm,9.77cm font 'DejaVu Sans,10' fontscale 0.75 noenhanced
set termoption noenhanced
set encoding utf8
set output './funnel.pdf'
set decimalsign ','
set border 3
set tics nomirror
set grid ytics lc rgb '#DDDDDD'
set key tmargin center horizontal noenhanced font ',9'
set title 'Ledige ''test'' & co, prosent – 2024' noenhanced
set label 100 'Ledige i prosent av personer. Kilde: test' at screen 0.01, screen 0.0429 left font ',9' noenhanced
set bmargin 3.9
$F << EOD
4000 1.25
10000 3.3000000000000003
EOD
p0 = 0.022
k = 100
sd(x) = sqrt(p0*(1-p0)/x)
max0(v) = v < 0 ? 0 : v
set logscale x
set samples 400
set xrange [800:20000]
set yrange [0:3.9927366695204665]
set xlabel 'Nevner (befolkning)' noenhanced
set ylabel 'Prosent' noenhanced
set lmargin at screen 0.1323
set rmargin at screen 0.9735
set bmargin at screen 0.2079
set tmargin at screen 0.8267
set label 1000 'Lier' at 4000, 1.25 left offset 0.72,0 font ',9' noenhanced
set label 1001 'Drammen' at 10000, 3.3000000000000003 left offset 0.72,0 font ',9' noenhanced
plot k*p0 with lines lw 2 lc rgb '#000000' title 'Hele landet', \
     k*(p0 + 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' title '95 %', \
     k*max0(p0 - 1.959964*sd(x)) with lines dt 2 lc rgb '#0072B2' notitle, \
     k*(p0 + 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' title '99,8 %', \
     k*max0(p0 - 3.090232*sd(x)) with lines dt 3 lc rgb '#56B4E9' notitle, \
     $F using 1:2 with points pt 7 ps 0.6 lc rgb '#D55E00' notitle
unset output
