# levekar chart: run with gnuplot FILE.gp (edit freely).
reset
set terminal svg size 800,472 dynamic font 'DejaVu Sans,18' noenhanced
set termoption noenhanced
set encoding utf8
set output './out dir/trend ''x''.svg'
set decimalsign ','
set border 3
set tics nomirror
set grid ytics lc rgb '#DDDDDD'
set key tmargin center horizontal noenhanced font ',16'
set title 'Ledige ''test'' & co, prosent – Drammen' noenhanced
set label 100 'Ledige i prosent av personer. Kilde: test' at screen 0.01, screen 0.0503 left font ',16' noenhanced
set bmargin 4
$D0 << EOD
2022 3 2.683280461731258 3.352815385112342
2023 NaN NaN NaN
2024 3.3000000000000003 2.9674198102348495 3.668445637586345
EOD
$D1 << EOD
2022 NaN NaN NaN
2023 NaN NaN NaN
2024 NaN NaN NaN
EOD
$D2 << EOD
2022 2 1.9150546032687867 2.0886330555391854
2023 2.1 2.012953895974059 2.190726080211397
2024 2.1999999999999997 2.1109057517621475 2.292766541800791
EOD
set xtics 1 rotate by -45
set format x '%.0f'
set rmargin 5
set ylabel 'Prosent' noenhanced
set ytics 0.5
set arrow 200 from 2023, graph 0 to 2023, graph 1 nohead dt 2 lc rgb '#777777'
set label 200 'brudd' at 2023, graph 0.97 left offset 0.3,0 font ',16' noenhanced
plot $D0 using 1:3:4 with filledcurves fc rgb '#D55E00' fs transparent solid 0.18 noborder title '95 % konfidensintervall', \
     $D0 using 1:2 with linespoints lw 3 pt 7 ps 0.6 lc rgb '#D55E00' title 'Drammen', \
     $D1 using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#0072B2' title 'Buskerud', \
     $D2 using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '#000000' title 'Hele landet'
unset output
