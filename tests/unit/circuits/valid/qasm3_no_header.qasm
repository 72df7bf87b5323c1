include "stdgates.inc";
qubit a;
qubit[2] b;
bit[3] c;
x a;
h b;
cz a, b[1];
c[0] = measure b[0];
c[2] = measure b[1];
