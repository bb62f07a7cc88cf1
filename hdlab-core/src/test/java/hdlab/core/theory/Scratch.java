package hdlab.core.theory;
import hdlab.core.random.NoiseLaw;
public class Scratch {
  public static void main(String[] a) {
    int d = 1000; double[] lam = new double[d]; double tr=0; for (int i=0;i<d;i++){lam[i]=Math.pow(i+1,-0.5); tr+=lam[i];}
    double[] d0 = new double[d]; java.util.Arrays.fill(d0, 1/tr);
    long t0=System.nanoTime();
    var r = ClipAdvantage.evaluate(lam, d0, new NoiseLaw.StudentT(3, 0.3), d, new ClipAdvantage.Search(1, 12, 12, new double[]{0.5,0.75,1,1.25,1.5,2}, 20, 0.02));
    System.out.println(r + " ms " + (System.nanoTime()-t0)/1e6);
    t0=System.nanoTime();
    r = ClipAdvantage.evaluate(lam, d0, new NoiseLaw.Gaussian(0.5), d, new ClipAdvantage.Search(1, 12, 12, new double[]{0.5,1,2,3,4}, 20, 0.02));
    System.out.println(r + " ms " + (System.nanoTime()-t0)/1e6);
  }
}
