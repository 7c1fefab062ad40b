# levekar chart: run with gnuplot FILE.gp (edit freely).
reset
set terminal pngcairo size 1600,900 font 'DejaVu Sans,16' noenhanced
set termoption noenhanced
set encoding utf8
set output './compare.png'
set decimalsign ','
set border 3
set tics nomirror
set grid ytics lc rgb '#DDDDDD'
set key tmargin center horizontal noenhanced
set title 'Ledige ''test'' & co – 2024' noenhanced
set bmargin 7
set label 100 'Ledige i prosent av personer. Kilde: test' at screen 0.01, screen 0.02 left font ',8' noenhanced
$A << EOD
1 1.25 0.9494704251093946 1.6440752956365003 1
2 3.3000000000000003 2.9674198102348495 3.668445637586345 1
EOD
array AreaName[2] = [ \
    'Lier', \
    'Drammen']
set yrange [0.3:2.7]
set ytics 1 scale 0
unset grid
set grid xtics lc rgb '#DDDDDD'
set xlabel 'Prosent' noenhanced
set arrow 300 from 2.1999999999999997, graph 0 to 2.1999999999999997, graph 1 nohead dt 2 lw 2 lc rgb '#000000'
set label 300 'Hele landet' at 2.1999999999999997, graph 1.01 left offset 0.3,0 font ',8' noenhanced
plot $A using 2:1:3:4:ytic(AreaName[int($1)]) with xerrorbars pt 7 ps 1.2 lc rgb '#D55E00' title 'verdi med 95 % konfidensintervall', \
     $A using ($5 > 0 ? $2 : NaN):1 with points pt 6 ps 2.4 lc rgb '#000000' title 'signifikant forskjellig fra landet'
unset output
