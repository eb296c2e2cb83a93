// OX stand-in (NOT Open-Xchange): the /ajax endpoint of the lab's tomcat nodes. Answers GET /ajax/... with a
// small JSON document naming the node, and opens a session so the JSESSIONID cookie carries the node's
// jvmRoute suffix (".OX-1"), which Apache's balancer uses for stickiness, as with the real groupware.
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

public class AjaxStandin extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sessionId = req.getSession(true).getId();
        int dot = sessionId.indexOf('.');
        String route = dot >= 0 ? sessionId.substring(dot + 1) : "";
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().printf("{\"standin\":\"open-xchange\",\"route\":\"%s\",\"path\":\"%s\"}%n",
            route, req.getRequestURI().replace("\"", ""));
    }
}
