module vth.io/test-images

go 1.22
