package io.foundation.mabeam.internal.negotiation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.negotiation.AlternatingOffers;
import io.foundation.api.mabeam.negotiation.BargainingOutcome;
import io.foundation.api.mabeam.negotiation.Offer;
import io.foundation.api.mabeam.negotiation.Party;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Rubinstein alternating offers. Without a horizon the unique subgame-perfect equilibrium gives the first proposer
 * (1−δ₂)/(1−δ₁δ₂) of the pie. With a horizon of T rounds the run is the finite game solved by backward induction: in
 * round T the proposer takes everything, and in every earlier round the proposer offers the responder exactly what
 * the responder would get, discounted, by proposing in the next round. In both cases the first offer is accepted.
 * Shares are computed in decimal arithmetic (34 digits) and rounded half-even to whole minor units; the second party
 * gets the rest of the pie.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + Rubinstein.NAME,
        CoordinationProtocol.VERSION + "=" + Rubinstein.VERSION,
        CoordinationProtocol.FAMILY + "=" + Rubinstein.FAMILY })
public final class Rubinstein extends Mechanism<AlternatingOffers, BargainingOutcome> {

    static final String NAME = "rubinstein";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "negotiation";
    static final int MAX_HORIZON = 1_000_000;

    public Rubinstein() {
        super(NAME, VERSION, FAMILY, AlternatingOffers.class);
    }

    @Override
    protected BargainingOutcome decide(AlternatingOffers problem) {
        double first = Check.within("firstDiscount", problem.firstDiscount(), 0, 1);
        double second = Check.within("secondDiscount", problem.secondDiscount(), 0, 1);
        if (first == 1 && second == 1) {
            throw Check.invalid("secondDiscount", "at most one discount factor may be 1");
        }
        long pie = Check.nonNegative("pie", problem.pie());
        int horizon = problem.horizon();
        if (horizon < 0 || horizon > MAX_HORIZON) {
            throw Check.invalid("horizon", "must be between 0 and " + MAX_HORIZON + ", was " + horizon);
        }
        MathContext context = MathContext.DECIMAL128;
        BigDecimal delta1 = BigDecimal.valueOf(first);
        BigDecimal delta2 = BigDecimal.valueOf(second);
        BigDecimal stationary = BigDecimal.ONE.subtract(delta2)
                .divide(BigDecimal.ONE.subtract(delta1.multiply(delta2)), context);
        BigDecimal share = horizon == 0 ? stationary : backwardInduction(delta1, delta2, horizon, context);
        long firstShare = share.multiply(BigDecimal.valueOf(pie)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        long secondShare = pie - firstShare;
        return new BargainingOutcome(stationary.doubleValue(), firstShare, secondShare,
                List.of(new Offer(1, Party.FIRST, firstShare, secondShare, true)),
                new Measurements(pie, null, pie == 0 ? null : Fraction.ONE, 1, 2));
    }

    /** The first proposer's subgame-perfect share in the game that ends after {@code horizon} rounds. */
    static BigDecimal backwardInduction(BigDecimal delta1, BigDecimal delta2, int horizon, MathContext context) {
        BigDecimal proposerShare = BigDecimal.ONE;
        for (int round = horizon - 1; round >= 1; round--) {
            BigDecimal responderDelta = round % 2 == 1 ? delta2 : delta1;
            proposerShare = BigDecimal.ONE.subtract(responderDelta.multiply(proposerShare, context), context);
        }
        return proposerShare;
    }
}
