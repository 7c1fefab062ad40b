# levekar chart: run with gnuplot FILE.gp (edit freely).
reset
set terminal pngcairo size 1600,939 font 'DejaVu Sans,35' fontscale 0.75 noenhanced
set termoption noenhanced
set encoding utf8
set output './compare.png'
set decimalsign ','
set border 3
set tics nomirror
set grid ytics lc rgb '#DDDDDD'
set key tmargin center horizontal noenhanced font ',32'
set title 'Ledige ''test'' & co, prosent – 2024' noenhanced
set label 100 'Ledige i prosent av personer. Kilde: test' at screen 0.01, screen 0.045 left font ',32' noenhanced
set bmargin 3.9
$A << EOD
1 1.25 0.9494704251093946 1.6440752956365003 1 0
2 2.1999999999999997 2.1109057517621475 2.292766541800791 0 2
3 3.3000000000000003 2.9674198102348495 3.668445637586345 1 0
EOD
array AreaName[3] = [ \
    'Lier', \
    'Hele landet', \
    'Drammen']
set xrange [0.7319524081112386:3.8859636545845007]
set yrange [0.3:3.7]
set ytics 1 scale 0 font ',35'
unset grid
set grid xtics lc rgb '#DDDDDD'
set xlabel 'Prosent' noenhanced
set arrow 300 from 2.1999999999999997, graph 0 to 2.1999999999999997, graph 1 nohead dt 2 lw 2 lc rgb '#000000'
plot $A using ($6 == 0 ? $2 : NaN):1:3:4:ytic(AreaName[int($1)]) with xerrorbars pt 7 ps 1.2 lc rgb '#D55E00' title 'verdi med 95 % konfidensintervall', \
     $A using ($6 == 2 ? $2 : NaN):1:3:4 with xerrorbars pt 9 ps 1.4 lc rgb '#000000' title 'landet', \
     $A using ($5 > 0 ? $2 : NaN):1 with points pt 6 ps 2.4 lc rgb '#000000' title 'signifikant forskjellig fra landet'
unset output
