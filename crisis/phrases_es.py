"""The curated crisis phrases in Spanish, written without accents (the text is matched after
its accents are removed: "mañana" -> "manana", "sí" -> "si"). Same sources, categories and tiers
as crisis/phrases.py; the wording follows the Spanish 988 line (Línea 988) and the Spanish
version of the C-SSRS screener ("¿Ha deseado estar muerto o poder dormirse y no despertar?")."""

from __future__ import annotations

from crisis.phrases import (
    FAREWELL,
    OVERDOSE,
    PASSIVE,
    PLAN,
    POSSIBLE,
    SELF_HARM,
    SUICIDAL,
    Phrase,
)

PILLS = r"(?:pastillas|pildoras|medicinas|medicamentos|calmantes|tabletas)"
LUGARES = r"(?:puente|edificio|techo|azotea|balcon|ventana|vias|tren|metro|piso|acantilado)"

PHRASES_ES: tuple[Phrase, ...] = (
    Phrase(
        r"(?:quiero|queria|quisiera|querido|quise|deseo|deseaba|ganas de|voy a|decidi) "
        r"morir(?:me)?|me quiero morir|me voy a morir (?:hoy|esta noche)",
        SUICIDAL,
        unless_followed_by=r" *(?:contigo|de (?:risa|hambre|sueno|ganas|verguenza|amor|calor))",
    ),
    Phrase(
        r"matarme|suicidarme|quitarme la vida|me (?:voy a|quiero|pienso|iba a|quisiera) "
        r"(?:matar|suicidar|quitar la vida|ahorcar|colgar|envenenar|dar un tiro|pegar un tiro)"
        r"|ahorcarme|colgarme|envenenarme|(?:pegarme|darme) un tiro|dispararme",
        SUICIDAL,
    ),
    Phrase(
        r"suicid(?:a|as|io|ios|arme|ar|e)\b",
        SUICIDAL,
        unless_followed_by=r" *(?:prevencion|de (?:famosos|un|una|el|la))",
        unless_preceded_by=r"(?:se|prevencion del|prevenir el|prevencion de|sobre el) $",
    ),
    Phrase(r"(?:acabar|terminar|termino|acabo|acabe|termine) con (?:mi vida|todo)", SUICIDAL),
    Phrase(
        rf"(?:tirarme|aventarme|lanzarme|saltar|me voy a tirar|me tiro|me quiero tirar) "
        rf"(?:del|de un|de una|desde el|desde un|desde la|al|a las|a la|por la|de la) {LUGARES}",
        SUICIDAL,
    ),
    Phrase(
        r"(?:la|una|mi) (?:soga|cuerda) (?:esta )?(?:lista|preparada|atada)|tengo la soga|"
        r"(?:soga|cuerda) para (?:ahorcarme|colgarme)",
        PLAN,
    ),
    Phrase(
        r"(?:compre|consegui|tengo|cargue|agarre) (?:una|la|un|el) (?:pistola|arma|escopeta|"
        r"revolver|rifle)",
        PLAN,
        unless_followed_by=r" *para (?:cazar|mi trabajo|el trabajo|proteccion)",
    ),
    Phrase(
        rf"(?:guardando|juntando|acumulando|ahorrando|escondiendo|guarde|junte|guardado|junto) "
        rf"(?:\w+ )?{PILLS}|{PILLS} guardadas|tengo un plan para (?:matarme|morir|suicidarme)|"
        r"(?:como|forma de|manera de) (?:matarme|suicidarme|morir sin dolor)",
        PLAN,
    ),
    Phrase(
        r"cartas? de despedida|(?:este es|esta es|sera|es) mi (?:ultimo|ultima) (?:mensaje|"
        r"check ?in|registro|nota|palabra)|adios a todos|adios para siempre|perdonenme por todo|"
        r"cuiden a mis hijos|(?:manana|pronto) ya no (?:voy a estar|estare)|ya no (?:voy a estar"
        r"|estare) (?:aqui|manana|mas)|(?:regale|regalando) (?:todas )?mis cosas|cuando ya no "
        r"este",
        FAREWELL,
    ),
    Phrase(
        rf"(?:tome|trague|me tome|voy a tomar|voy a tomarme|tomarme|me voy a tomar|tomar|tomando"
        rf"|me trague) (?:todo el frasco|el frasco entero|todas (?:las|mis) {PILLS}|muchas {PILLS}"
        rf"|un monton de {PILLS}|una caja de {PILLS}|(?:una )?sobredosis)",
        OVERDOSE,
    ),
    Phrase(
        r"sobredosis (?:a proposito|adrede|intencional|a proposito)|(?:quiero|voy a|pienso|"
        r"quisiera) (?:tomar |tomarme |darme |meterme )?una sobredosis|"
        rf"(?:tome|me tome) {PILLS} a proposito|(?:beber|tomar|drogarme) hasta (?:morir|no "
        r"despertar|que me mate)",
        OVERDOSE,
    ),
    Phrase(
        r"(?:me corte|me estoy cortando|me corto|cortarme|me quiero cortar|me voy a cortar|me "
        r"queme|me quemo|quemarme|me lastime|me lastimo|lastimarme|hacerme dano|me hice dano|me "
        r"hago dano|me golpeo|golpearme|me haria dano|me hiciera dano)",
        SELF_HARM,
        unless_followed_by=(
            r" *(?:cocinando|con (?:el|un|la) (?:cuchillo|plancha|estufa|horno)|sin querer|por"
            r" accidente|afeitandome|el pelo|el dedo|en el trabajo|en el gimnasio|jugando)"
        ),
    ),
    Phrase(
        r"ojala (?:me )?(?:estuviera|estuviese) muert[oa]|ojala (?:no )?(?:hubiera|hubiese) "
        r"nacido|ojala (?:me muriera|no despertar|no despierte|no despertara)|(?:dormir|dormirme|"
        r"me durmiera|me duerma) y no (?:despertar|despertara|despierte)|no (?:quiero|deseo) "
        r"(?:despertar|despertarme)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"no (?:quiero|deseo) (?:vivir|seguir viviendo|seguir aqui|estar aqui|existir|estar "
        r"viv[oa]|estar en este mundo)|no (?:quiero|deseo) seguir$|(?:quiero|quisiera|me quiero)"
        r" (?:irme de este mundo|ir de este mundo|dejar de existir)",
        PASSIVE,
        POSSIBLE,
        unless_followed_by=r" *(?:asi|en (?:esta|este|esa|ese)|con|aqui en)",
    ),
    Phrase(
        r"(?:no (?:le )?(?:veo|tiene|encuentro)|sin) (?:ningun |el )?sentido (?:a )?(?:vivir|la"
        r" vida|seguir|seguir viviendo|estar viv[oa])|(?:mi|la) vida no (?:tiene sentido|vale la"
        r" pena)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:estarian|estaria|estaran|estarias|seria|serian|vivirian) mejor sin mi|mejor "
        r"(?:estaria |estar )?muert[oa]|(?:soy|me siento) una carga|nadie (?:me )?(?:extranaria|"
        r"notaria|lloraria)|(?:cansad[oa]|harto|harta) de (?:vivir|la vida|estar viv[oa]|existir)",
        PASSIVE,
        POSSIBLE,
    ),
    Phrase(
        r"(?:ya )?no (?:aguanto|puedo|soporto) mas(?= *$| (?:con )?(?:esta|la|mi) vida| vivir)|"
        r"(?:quiero|quisiera|me gustaria) desaparecer(?= *$| para siempre)|(?:no tengo )?"
        r"(?:razon|razones|motivo|motivos|nada) (?:por que|por la que|por el que|para) "
        r"(?:vivir|seguir viviendo|seguir)",
        PASSIVE,
        POSSIBLE,
    ),
)
